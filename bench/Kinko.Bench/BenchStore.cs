using Kinko.Storage;
using Kinko.TestSupport;

namespace Kinko.Bench;

/// <summary>
/// The store a benchmark runs on: SQLite in a given or temporary folder, or PostgreSQL at a given
/// connection string or on a throwaway server started durable (fsync and synchronous_commit on).
/// </summary>
public sealed class BenchStore : IDisposable
{
    private readonly TempDirectory? _folder;
    private readonly PostgresServer? _server;

    private BenchStore(SqlLedgerStore store, string description, string durability, TempDirectory? folder, PostgresServer? server)
    {
        Store = store;
        Description = description;
        Durability = durability;
        _folder = folder;
        _server = server;
    }

    public SqlLedgerStore Store { get; }

    public string Description { get; }

    public string Durability { get; }

    public static BenchStore Open(string kind, string? dataFolder, string? postgres)
    {
        if (kind == "postgres")
        {
            var server = postgres is null ? PostgresServer.Start(durable: true) : null;
            var pg = PostgresLedgerStore.Open(postgres ?? server!.CreateUniqueDatabase("bench"), TimeProvider.System);
            var where = server is null ? "PostgreSQL (given connection string)" : $"PostgreSQL, throwaway server {server}";
            return new BenchStore(pg, where, Describe(pg.DurabilitySettings()), null, server);
        }

        var folder = dataFolder is null ? new TempDirectory("kinko-bench") : null;
        var sqlite = SqliteLedgerStore.Open(dataFolder ?? folder!.Path, TimeProvider.System);
        return new BenchStore(sqlite, $"SQLite {sqlite.Path}", Describe(sqlite.DurabilitySettings()), folder, null);
    }

    public void Dispose()
    {
        Store.Dispose();
        _server?.Dispose();
        _folder?.Dispose();
    }

    private static string Describe(IReadOnlyDictionary<string, string> settings) =>
        string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"));
}
