using Kinko.Ledger;
using Microsoft.Data.Sqlite;

namespace Kinko.Storage;

/// <summary>
/// API keys' last nonces written on their own (requests that carry no trading command), in their
/// own SQLite file beside the ledger (<c>nonces.db</c>), on one open connection (WAL,
/// <c>synchronous=FULL</c>). SQLite has one writer per file: in the ledger's file, these commits
/// would wait for the ledger's writer. (A placement's or cancellation's nonce is written with the
/// order, in the ledger's <c>api_keys</c>.) Only the server's nonce recorder writes it (its single
/// writer task); reads happen once per key and process.
/// </summary>
public sealed class SqliteNonceFile : INonceStore, IDisposable
{
    public const string FileName = "nonces.db";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;

    /// <summary>The upsert, prepared once and bound natively (as the ledger's appends are): most of a nonce commit's cost was ADO.NET's per row.</summary>
    private readonly SqliteBulkWrite<ApiNonce> _advance;

    private SqliteNonceFile(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ConnectionString);
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText =
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; " +
                "CREATE TABLE IF NOT EXISTS api_nonces (key_id TEXT PRIMARY KEY, last_nonce INTEGER NOT NULL) WITHOUT ROWID";
            setup.ExecuteNonQuery();
        }

        _advance = new SqliteBulkWrite<ApiNonce>(
            _connection, "api_nonces", ["key_id", "last_nonce"], SqliteRows.BindNonce, "ON CONFLICT (key_id) DO UPDATE SET last_nonce = max(last_nonce, excluded.last_nonce)");
    }

    /// <summary>Opens (creating if needed) the nonce file in the data folder.</summary>
    public static SqliteNonceFile Open(string dataFolder) => new(Path.Combine(dataFolder, FileName));

    public long LastNonce(string keyId)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT last_nonce FROM api_nonces WHERE key_id = @key";
            command.Parameters.AddWithValue("@key", keyId);
            return command.ExecuteScalar() is long last ? last : 0;
        }
    }

    public void AdvanceNonces(IReadOnlyList<ApiNonce> nonces)
    {
        ArgumentNullException.ThrowIfNull(nonces);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            _advance.Write(nonces);
            transaction.Commit();
        }
    }

    public void Dispose()
    {
        _advance.Dispose();
        _connection.Dispose();
    }
}
