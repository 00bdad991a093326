using System.Data.Common;
using System.Globalization;
using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Storage;

/// <summary>
/// What the SQLite and PostgreSQL ledger stores share: the same tables and the same SQL for reads.
/// Writes go through <see cref="WriteConnection"/>, owned by the single writer; reads open their own.
/// </summary>
public abstract class SqlLedgerStore : ILedgerStore
{
    /// <summary>Most keys asked for in one lookup statement.</summary>
    protected const int MaxKeysPerLookup = 500;

    private static readonly string SelectTransfers = $"SELECT {TransferColumns.List} FROM transfers";

    private UnindexedTail? _tail;
    private EventTail? _events;

    public abstract string Kind { get; }

    /// <summary>
    /// Most transfers left out of the per-account history index before they are indexed in one bulk
    /// catch-up (a limit on the tail that reads scan). Small values are for tests.
    /// </summary>
    public long MaxUnindexedTransfers { get; set; } = AccountHistory.DefaultMaxUnindexed;

    /// <summary>
    /// Most events left out of the per-stream index before they are indexed in one bulk catch-up (a
    /// limit on the tail that reads scan). Small values are for tests.
    /// </summary>
    public long MaxUnindexedEvents { get; set; } = EventHistory.DefaultMaxUnindexed;

    /// <summary>The connection the single writer uses (open for the store's life).</summary>
    protected abstract DbConnection WriteConnection { get; }

    /// <summary>Writes one history bucket's rows inside the catch-up's transaction, in bulk.</summary>
    private protected abstract void InsertAccountEntries(DbTransaction transaction, IReadOnlyList<AccountEntry> entries);

    /// <summary>Writes one bucket's stream entries inside the catch-up's transaction, in bulk.</summary>
    private protected abstract void InsertStreamEntries(DbTransaction transaction, IReadOnlyList<StreamEntry> entries);

    public Account InsertAccount(NewAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);

        // Its own connection: the writer's may be appending a batch on another thread.
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO accounts (asset, kind, owner_id, flags) VALUES (@asset, @kind, @owner, @flags) " +
            "ON CONFLICT (asset, kind, owner_id) DO UPDATE SET asset = excluded.asset " +
            "RETURNING id, asset, kind, owner_id, flags";
        Sql.AddParameter(command, "@asset", account.Asset);
        Sql.AddParameter(command, "@kind", (int)account.Kind);
        Sql.AddParameter(command, "@owner", account.OwnerId);
        Sql.AddParameter(command, "@flags", (int)account.Flags);
        using var reader = command.ExecuteReader();
        reader.Read();
        return ReadAccount(reader);
    }

    public void Append(IReadOnlyList<Transfer> transfers) => Append(transfers, [], [], []);

    public void Append(IReadOnlyList<Transfer> transfers, IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent> events, IReadOnlyList<ApiNonce> nonces)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(nonces);
        if (transfers.Count == 0 && journal.Count == 0 && events.Count == 0 && nonces.Count == 0)
        {
            return;
        }

        // Catch up before writing, never after: a failure then refuses this batch instead of
        // failing a batch that is already durable.
        _tail ??= AccountHistory.ReadTail(WriteConnection);
        if (_tail.Count >= MaxUnindexedTransfers)
        {
            AccountHistory.CatchUp(WriteConnection, _tail, InsertAccountEntries);
        }

        _events ??= EventHistory.ReadTail(WriteConnection);
        if (_events.Count >= MaxUnindexedEvents)
        {
            EventHistory.CatchUp(WriteConnection, _events, InsertStreamEntries);
        }

        var logged = new LoggedEvent[events.Count];
        for (var i = 0; i < logged.Length; i++)
        {
            logged[i] = new LoggedEvent(_events.LastSeq + 1 + i, events[i]);
        }

        AppendRows(transfers, journal, logged, nonces);
        foreach (var transfer in transfers)
        {
            _tail.Add(transfer.Position.Value, transfer.Debit, transfer.Credit);
        }

        foreach (var e in logged)
        {
            _events.Add(e.Seq, e.Event);
        }
    }

    public long LastJournalSequence()
    {
        using var connection = OpenReadConnection();
        return Sql.ScalarLong(connection, null, "SELECT COALESCE(MAX(sequence), 0) FROM journal");
    }

    public IReadOnlyList<JournalRecord> ReadJournal(long afterSequence, int limit)
    {
        using var connection = OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, recorded_at_us, payload FROM journal WHERE sequence > @after ORDER BY sequence LIMIT @limit";
        Sql.AddParameter(command, "@after", afterSequence);
        Sql.AddParameter(command, "@limit", limit);
        using var reader = command.ExecuteReader();
        var records = new List<JournalRecord>();
        while (reader.Read())
        {
            records.Add(new JournalRecord(reader.GetInt64(0), TransferColumns.FromMicroseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2)));
        }

        return records;
    }

    public long LastEventId(string stream)
    {
        using var connection = OpenReadConnection();
        return EventHistory.Before(connection, stream, long.MaxValue, 1).FirstOrDefault()?.Id ?? 0;
    }

    public IEnumerable<StoreEvent> ReadEvents(string stream, DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = OpenReadConnection();
        using var command = connection.CreateCommand();
        // The time index covers only time-indexed streams; its condition, word for word, lets the planner use it.
        var indexed = stream.StartsWith(StoreEvent.TimeIndexedPrefix, StringComparison.Ordinal)
            ? $" AND stream LIKE '{StoreEvent.TimeIndexedPrefix}%'"
            : "";
        command.CommandText = $"SELECT id, at_us, payload FROM event_log WHERE stream = @stream{indexed} AND at_us >= @from AND at_us < @to ORDER BY at_us, id";
        Sql.AddParameter(command, "@stream", stream);
        Sql.AddParameter(command, "@from", TransferColumns.ToMicroseconds(from));
        Sql.AddParameter(command, "@to", TransferColumns.ToMicroseconds(to));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return EventHistory.ReadEvent(stream, reader);
        }
    }

    public IReadOnlyList<StoreEvent> ReadEventsBefore(string stream, long beforeId, int limit)
    {
        using var connection = OpenReadConnection();
        return EventHistory.Before(connection, stream, beforeId, limit);
    }

    public IReadOnlyList<StoreEvent> ReadEventsAfter(string stream, long afterId, int limit)
    {
        using var connection = OpenReadConnection();
        return EventHistory.After(connection, stream, afterId, limit);
    }

    public void SaveSnapshot(JournalSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var command = WriteConnection.CreateCommand();
        command.CommandText = "INSERT INTO journal_snapshots (name, sequence, taken_at_us, payload) VALUES (@name, @sequence, @at, @payload) " +
            "ON CONFLICT (name, sequence) DO NOTHING";
        Sql.AddParameter(command, "@name", snapshot.Name);
        Sql.AddParameter(command, "@sequence", snapshot.Sequence);
        Sql.AddParameter(command, "@at", TransferColumns.ToMicroseconds(snapshot.TakenAt));
        Sql.AddParameter(command, "@payload", snapshot.Payload);
        command.ExecuteNonQuery();
    }

    public JournalSnapshot? LatestSnapshot(string name)
    {
        using var connection = OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, taken_at_us, payload FROM journal_snapshots WHERE name = @name ORDER BY sequence DESC LIMIT 1";
        Sql.AddParameter(command, "@name", name);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new JournalSnapshot(name, reader.GetInt64(0), TransferColumns.FromMicroseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2))
            : null;
    }

    /// <summary>
    /// The condition on a pending transfer <c>t</c> that nothing posted or voided it. No index covers
    /// <c>pending_key</c> (see migration 0010), so each store says how it is done in one pass: here an
    /// anti-join, which PostgreSQL hashes.
    /// </summary>
    protected virtual string NotPostedOrVoided => "NOT EXISTS (SELECT 1 FROM transfers c WHERE c.pending_key = t.key)";

    public LedgerState LoadState()
    {
        var accounts = ReadAccounts(WriteConnection);
        var last = Sql.ScalarLong(WriteConnection, null, "SELECT COALESCE(MAX(position), 0) FROM transfers");
        var balances = AccountHistory.BalancesAt(WriteConnection, accounts.Select(a => a.Id).ToList(), last);
        var open = QueryTransfers(
            WriteConnection,
            SelectTransfers + $" t WHERE kind = 2 AND {NotPostedOrVoided} ORDER BY position");
        return new LedgerState(accounts, balances, open, new LedgerPosition(last));
    }

    public void ForEachKey(Action<string> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        // Through a reader: the writer's connection may be busy appending on another thread.
        using var connection = OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM transfers";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            visit(reader.GetString(0));
        }
    }

    public IReadOnlyDictionary<string, Transfer> FindTransfers(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, Transfer>(StringComparer.Ordinal);
        using var connection = OpenReadConnection();
        foreach (var chunk in keys.Chunk(MaxKeysPerLookup))
        {
            using var command = connection.CreateCommand();
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                names[i] = "@k" + i.ToString(CultureInfo.InvariantCulture);
                Sql.AddParameter(command, names[i], chunk[i]);
            }

            command.CommandText = $"{SelectTransfers} WHERE key IN ({string.Join(", ", names)})";
            foreach (var transfer in Sql.ReadTransfers(command))
            {
                found[transfer.Key] = transfer;
            }
        }

        return found;
    }

    public IReadOnlyList<Transfer> History(AccountId account, LedgerPosition after, int limit)
    {
        using var connection = OpenReadConnection();
        return AccountHistory.Page(connection, account, after, limit);
    }

    public AccountBalance BalanceAt(AccountId account, LedgerPosition at)
    {
        using var connection = OpenReadConnection();
        return AccountHistory.BalancesAt(connection, [account], at.Value)[account];
    }

    /// <summary>Versions of the migrations applied to this store, in order.</summary>
    public IReadOnlyList<int> AppliedMigrations()
    {
        using var connection = OpenConnection();
        return MigrationRunner.AppliedVersions(connection).Order().ToList();
    }

    /// <summary>All accounts, read from the store (not from any engine's memory).</summary>
    public IReadOnlyList<Account> Accounts()
    {
        using var connection = OpenReadConnection();
        return ReadAccounts(connection);
    }

    /// <summary>The trial balance computed from stored rows alone.</summary>
    public IReadOnlyList<TrialBalanceLine> TrialBalanceAt(LedgerPosition at)
    {
        using var connection = OpenReadConnection();
        var accounts = ReadAccounts(connection);
        var balances = AccountHistory.BalancesAt(connection, accounts.Select(a => a.Id).ToList(), at.Value);
        return LedgerEngine.TrialBalance(accounts.Select(a => (a, balances[a.Id])));
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Writes the rows in one transaction; <paramref name="nonces"/> (a key may come more than once:
    /// its largest counts) raise <c>api_keys.last_nonce</c>, of which the ledger's commits are the only writers.
    /// </summary>
    private protected abstract void AppendRows(IReadOnlyList<Transfer> transfers, IReadOnlyList<JournalRecord> journal, IReadOnlyList<LoggedEvent> events, IReadOnlyList<ApiNonce> nonces);

    /// <summary>A new open connection for a read.</summary>
    protected abstract DbConnection OpenReadConnection();

    /// <summary>
    /// A short-lived read-write connection apart from the ledger's batch writer (new accounts, the
    /// store's other tables such as API keys). The caller disposes it.
    /// </summary>
    public abstract DbConnection OpenConnection();

    protected virtual void Dispose(bool disposing)
    {
    }

    protected static Account ReadAccount(DbDataReader r) =>
        new(new AccountId(r.GetInt64(0)), r.GetString(1), (AccountKind)r.GetInt32(2), r.GetInt64(3), (AccountFlags)r.GetInt32(4));

    private static List<Account> ReadAccounts(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, asset, kind, owner_id, flags FROM accounts ORDER BY id";
        using var reader = command.ExecuteReader();
        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(ReadAccount(reader));
        }

        return accounts;
    }

    private static List<Transfer> QueryTransfers(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Sql.ReadTransfers(command);
    }
}
