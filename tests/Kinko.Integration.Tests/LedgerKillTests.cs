using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace Kinko.Integration.Tests;

/// <summary>
/// The kill test: <c>kinko drill ledger-writer</c> is SIGKILLed at random moments, again and again on
/// the same ledger. After every kill the ledger is opened in-process and audited: every key the drill
/// acknowledged is there exactly once and unchanged, the trial balance is zero, no customer is below
/// zero, and the stored rows replay to the stored balances.
/// </summary>
public sealed class SqliteLedgerKillTests(ITestOutputHelper output)
{
    private const int Rounds = 50;
    private const int DrillSeed = 7;
    private const int FreshPerRound = 1000;

    [Fact]
    public async Task Fifty_kills_of_the_drill_lose_no_acknowledged_transfer_and_keep_the_ledger_balanced()
    {
        using var folder = new TempDirectory("kinko-kill-sqlite");
        var data = folder.Combine("data");
        var campaign = new KillCampaign(output, DrillSeed, FreshPerRound);
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                await campaign.RoundAsync(
                    folder.Path,
                    transfers => ["drill", "ledger-writer", "--data", data, "--transfers", $"{transfers}", "--seed", $"{DrillSeed}"],
                    audit => AuditSqlite(data, audit));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }

        output.WriteLine($"{campaign.Audit.Acknowledged.Count} keys acknowledged; {campaign.KilledWhileRunning} of {Rounds} rounds killed mid-run");
        campaign.KilledWhileRunning.ShouldBeGreaterThanOrEqualTo(Rounds * 3 / 4, "most kills must land while the drill runs");
        campaign.RoundsWithNewAcks.ShouldBeGreaterThanOrEqualTo(Rounds * 2 / 5, "most rounds must commit new transfers before their kill");
        campaign.Audit.Acknowledged.Count.ShouldBeGreaterThan(FreshPerRound * 5);
    }

    private void AuditSqlite(string data, LedgerAudit audit)
    {
        using var store = SqliteLedgerStore.Open(data, TimeProvider.System);
        using var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System);
        var rawConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = store.Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ConnectionString;
        var figures = audit.Check(store, engine, () =>
        {
            var connection = new SqliteConnection(rawConnectionString);
            connection.Open();
            return connection;
        });
        figures.Accounts.ShouldBe(21, "the drill's capital account and 20 customers");
    }
}

/// <summary>The kill test against a durable PostgreSQL server (fsync and synchronous_commit on).</summary>
[Collection(DurablePostgresCollection.Name)]
public sealed class PostgresLedgerKillTests(DurablePostgresFixture postgres, ITestOutputHelper output)
{
    private const int Rounds = 10;
    private const int DrillSeed = 11;
    private const int FreshPerRound = 1500;

    /// <summary>Rounds (1-based) where the PostgreSQL server itself crashes mid-run instead.</summary>
    private static readonly int[] ServerCrashRounds = [4, 8];

    [Fact]
    public async Task Ten_kills_of_the_drill_on_postgres_lose_no_acknowledged_transfer()
    {
        var connectionString = postgres.CreateDatabase("kill");
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using var folder = new TempDirectory("kinko-kill-pg");
        var campaign = new KillCampaign(output, DrillSeed, FreshPerRound);
        for (var round = 1; round <= Rounds; round++)
        {
            var crashServer = ServerCrashRounds.Contains(round);
            await campaign.RoundAsync(
                folder.Path,
                transfers => ["drill", "ledger-writer", "--postgres", connectionString, "--transfers", $"{transfers}", "--seed", $"{DrillSeed}"],
                audit => AuditPostgres(connectionString, audit),
                instead: crashServer
                    ? () =>
                    {
                        // An immediate stop (backends killed, no checkpoint), then crash recovery.
                        postgres.Server.CrashAndRestart();
                        connectionString = postgres.Server.ConnectionStringFor(database);
                    }
                    : null,
                drillMayFail: crashServer);
        }

        output.WriteLine($"{campaign.Audit.Acknowledged.Count} keys acknowledged; {campaign.KilledWhileRunning} of {Rounds} rounds killed mid-run");
        campaign.RoundsWithNewAcks.ShouldBeGreaterThanOrEqualTo(Rounds / 2);
        campaign.Audit.Acknowledged.Count.ShouldBeGreaterThan(FreshPerRound);
    }

    private void AuditPostgres(string connectionString, LedgerAudit audit)
    {
        using var store = OpenAfterKill(connectionString);
        using var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System);
        var raw = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        var figures = audit.Check(store, engine, () =>
        {
            var connection = new NpgsqlConnection(raw);
            connection.Open();
            return connection;
        });
        figures.Accounts.ShouldBe(21);
    }

    /// <summary>
    /// The killed drill's session (and its advisory lock) ends when PostgreSQL notices the closed
    /// socket, which can take a moment: retry the writer lock for a few seconds.
    /// </summary>
    private PostgresLedgerStore OpenAfterKill(string connectionString)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return PostgresLedgerStore.Open(connectionString, TimeProvider.System);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("advisory lock", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                if (attempt == 1)
                {
                    output.WriteLine("  (the killed drill's session still held the writer lock; retrying)");
                }

                Thread.Sleep(50);
            }
        }
    }
}

/// <summary>One durable PostgreSQL server shared by the tests that need fsync on.</summary>
[CollectionDefinition(Name)]
public sealed class DurablePostgresCollection : ICollectionFixture<DurablePostgresFixture>
{
    public const string Name = "durable postgres";
}
