using System.Data.Common;
using Kinko.Ledger;
using Microsoft.Data.Sqlite;

namespace Kinko.Storage;

/// <summary>
/// The ledger in one SQLite file (WAL, <c>synchronous=FULL</c>: a commit is on disk when it returns).
/// The writer holds the data folder's lock, so a second writer process is refused.
/// </summary>
public sealed class SqliteLedgerStore : SqlLedgerStore
{
    public const string FileName = "kinko.db";

    private readonly SqliteConnection _write;
    private readonly string _readConnectionString;
    private readonly DataFolderLock? _lock;
    private SqliteBulkWrite<Transfer>? _insert;
    private SqliteBulkWrite<JournalRecord>? _journalInsert;
    private SqliteBulkWrite<LoggedEvent>? _eventInsert;
    private SqliteBulkWrite<AccountEntry>? _entryInsert;
    private SqliteBulkWrite<StreamEntry>? _streamEntryInsert;
    private SqliteBulkWrite<ApiNonce>? _raiseNonce;

    /// <summary>
    /// SQLite in multi-thread mode: no mutex around every API call (a quarter of the cost of binding
    /// a row). Safe because no connection is ever used by two threads at once: the write connection
    /// only by the ledger engine's writer under its lock, each pooled read connection by one reader.
    /// </summary>
    static SqliteLedgerStore()
    {
        SQLitePCL.Batteries_V2.Init();
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
    }

    private SqliteLedgerStore(string path, DataFolderLock? folderLock, TimeProvider time)
    {
        _lock = folderLock;
        Path = path;
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 };
        _write = new SqliteConnection(builder.ConnectionString);
        try
        {
            _write.Open();
            Pragma("journal_mode = WAL");
            Pragma("synchronous = FULL");
            Pragma("cache_size = -8192");
            Pragma("temp_store = MEMORY");
            Pragma("busy_timeout = 5000");
            MigrationRunner.Apply(_write, "sqlite", time);
        }
        catch
        {
            _write.Dispose();
            throw;
        }

        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ConnectionString;
    }

    public override string Kind => "sqlite";

    /// <summary>SQLite would scan the table once per pending for NOT EXISTS; NOT IN builds the set of settled keys once.</summary>
    protected override string NotPostedOrVoided => "t.key NOT IN (SELECT pending_key FROM transfers WHERE pending_key IS NOT NULL)";

    public string Path { get; }

    protected override DbConnection WriteConnection => _write;

    /// <summary>Opens (creating if needed) the ledger in <paramref name="dataFolder"/>, taking its lock.</summary>
    public static SqliteLedgerStore Open(string dataFolder, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        Directory.CreateDirectory(dataFolder);
        var folderLock = DataFolderLock.Acquire(dataFolder);
        try
        {
            return new SqliteLedgerStore(System.IO.Path.Combine(dataFolder, FileName), folderLock, time);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>The settings that make commits durable, as SQLite reports them now on the writer's connection (call it while no batch is being written: at start, in tests).</summary>
    public IReadOnlyDictionary<string, string> DurabilitySettings() => new Dictionary<string, string>
    {
        ["journal_mode"] = PragmaValue("journal_mode"),
        ["synchronous"] = PragmaValue("synchronous") switch { "2" => "full", "3" => "extra", "1" => "normal", var v => v },
    };

    private protected override void AppendRows(IReadOnlyList<Transfer> transfers, IReadOnlyList<JournalRecord> journal, IReadOnlyList<LoggedEvent> events, IReadOnlyList<ApiNonce> nonces)
    {
        using var transaction = _write.BeginTransaction();
        if (transfers.Count > 0)
        {
            _insert ??= new SqliteBulkWrite<Transfer>(_write, "transfers", TransferColumns.Names, SqliteRows.BindTransfer);
            _insert.Write(transfers);
        }

        if (journal.Count > 0)
        {
            _journalInsert ??= new SqliteBulkWrite<JournalRecord>(_write, "journal", SqliteRows.JournalColumns, SqliteRows.BindJournal);
            _journalInsert.Write(journal);
        }

        if (events.Count > 0)
        {
            _eventInsert ??= new SqliteBulkWrite<LoggedEvent>(_write, "event_log", SqliteRows.EventColumns, SqliteRows.BindEvent);
            _eventInsert.Write(events);
        }

        if (nonces.Count > 0)
        {
            _raiseNonce ??= SqliteBulkWrite<ApiNonce>.RowByRow(
                _write, "raising an API key's last nonce", "UPDATE api_keys SET last_nonce = ?2 WHERE key_id = ?1 AND last_nonce < ?2", SqliteRows.BindNonce);
            _raiseNonce.Write(nonces);
        }

        transaction.Commit();
    }

    private protected override void InsertAccountEntries(DbTransaction transaction, IReadOnlyList<AccountEntry> entries)
    {
        _entryInsert ??= new SqliteBulkWrite<AccountEntry>(_write, "account_entries", SqliteRows.AccountEntryColumns, SqliteRows.BindAccountEntry);
        _entryInsert.Write(entries);
    }

    private protected override void InsertStreamEntries(DbTransaction transaction, IReadOnlyList<StreamEntry> entries)
    {
        _streamEntryInsert ??= new SqliteBulkWrite<StreamEntry>(_write, "stream_entries", SqliteRows.StreamEntryColumns, SqliteRows.BindStreamEntry);
        _streamEntryInsert.Write(entries);
    }

    public override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = 30 }.ConnectionString);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL";
            command.ExecuteNonQuery();
        }

        return connection;
    }

    protected override DbConnection OpenReadConnection()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _insert?.Dispose();
            _journalInsert?.Dispose();
            _eventInsert?.Dispose();
            _entryInsert?.Dispose();
            _streamEntryInsert?.Dispose();
            _raiseNonce?.Dispose();
            _write.Dispose();
            using (var pooled = new SqliteConnection(_readConnectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            _lock?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Pragma(string pragma)
    {
        using var command = _write.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        command.ExecuteNonQuery();
    }

    private string PragmaValue(string name)
    {
        using var command = _write.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
