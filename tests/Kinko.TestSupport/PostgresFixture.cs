namespace Kinko.TestSupport;

/// <summary>
/// One non-durable PostgreSQL server per test process (that is, per test assembly), started on
/// first use and stopped when the process exits. Use as an xunit class or collection fixture
/// (<c>IClassFixture&lt;PostgresFixture&gt;</c>); give each test its own database with
/// <see cref="CreateDatabase"/> so tests stay isolated and can run in parallel.
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);

    public PostgresServer Server { get; } = SharedServer.Value;

    public string ConnectionString => Server.ConnectionString;

    /// <summary>A fresh, empty database with a unique name; returns its connection string.</summary>
    public string CreateDatabase(string prefix = "test") => Server.CreateUniqueDatabase(prefix);

    /// <summary>The shared server outlives every fixture: nothing to do here.</summary>
    public void Dispose()
    {
    }

    private static PostgresServer StartShared()
    {
        var server = PostgresServer.Start(durable: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }
}

/// <summary>
/// A durable PostgreSQL server (fsync and synchronous_commit on) owned by one fixture, for
/// durability and crash-recovery tests. Stopped and deleted when the fixture is disposed.
/// </summary>
public sealed class DurablePostgresFixture : IDisposable
{
    public PostgresServer Server { get; } = PostgresServer.Start(durable: true);

    public string ConnectionString => Server.ConnectionString;

    public string CreateDatabase(string prefix = "test") => Server.CreateUniqueDatabase(prefix);

    public void Dispose() => Server.Dispose();
}
