using Kinko.Ledger;
using Kinko.Server;
using Kinko.Storage;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Integration.Tests;

/// <summary>
/// The production configuration really commits durably: the server built exactly as <c>kinko serve</c>
/// builds it runs SQLite in WAL mode with synchronous=FULL, and PostgreSQL with fsync and
/// synchronous_commit on.
/// </summary>
[Collection(DurablePostgresCollection.Name)]
public sealed class DurableConfigurationTests(DurablePostgresFixture durable)
{
    [Fact]
    public async Task The_server_as_kinko_serve_builds_it_runs_sqlite_in_wal_mode_with_synchronous_full()
    {
        using var folder = new TempDirectory("kinko-durable");
        var app = KinkoServer.Build(new ServerOptions { DataFolder = folder.Path, Urls = "http://127.0.0.1:0" });
        try
        {
            await app.StartAsync();
            var store = app.Services.GetRequiredService<ILedgerStore>().ShouldBeOfType<SqliteLedgerStore>();

            var settings = store.DurabilitySettings();

            settings["journal_mode"].ShouldBe("wal");
            settings["synchronous"].ShouldBe("full");
            store.Path.ShouldBe(Path.Combine(folder.Path, SqliteLedgerStore.FileName));
            // WAL is a property of the file itself: an independent connection sees it too.
            JournalModeOfFile(store.Path).ShouldBe("wal");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task The_server_on_durable_postgres_reports_fsync_and_synchronous_commit_on()
    {
        using var folder = new TempDirectory("kinko-durable-pg");
        var connectionString = durable.CreateDatabase("durable");
        var app = KinkoServer.Build(new ServerOptions
        {
            DataFolder = folder.Path,
            Urls = "http://127.0.0.1:0",
            PostgresConnectionString = connectionString,
        });
        try
        {
            await app.StartAsync();
            var store = app.Services.GetRequiredService<ILedgerStore>().ShouldBeOfType<PostgresLedgerStore>();

            var settings = store.DurabilitySettings();

            settings["fsync"].ShouldBe("on");
            settings["synchronous_commit"].ShouldBe("on");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void A_store_opened_on_durable_postgres_reports_fsync_and_synchronous_commit_on()
    {
        using var store = PostgresLedgerStore.Open(durable.CreateDatabase("durable"), TimeProvider.System);

        var settings = store.DurabilitySettings();

        settings.ShouldBe(new Dictionary<string, string> { ["fsync"] = "on", ["synchronous_commit"] = "on" }, ignoreOrder: true);
    }

    private static string JournalModeOfFile(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return (string)command.ExecuteScalar()!;
    }
}

/// <summary>
/// The durability report is read from the server, not assumed: on the non-durable test server
/// (fsync and synchronous_commit off) it says so. This is what makes the check above able to fail.
/// </summary>
public sealed class DurabilityReportTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public void A_store_on_a_non_durable_postgres_server_reports_fsync_and_synchronous_commit_off()
    {
        using var store = PostgresLedgerStore.Open(postgres.CreateDatabase("nondurable"), TimeProvider.System);

        var settings = store.DurabilitySettings();

        settings["fsync"].ShouldBe("off");
        settings["synchronous_commit"].ShouldBe("off");
    }
}
