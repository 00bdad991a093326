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
/// the same ledger. After every kill the ledger is opened in-process and audited (see
/// <see cref="LedgerAudit"/>): every key the drill acknowledged is there exactly once and unchanged,
/// the trial balance is zero, no customer is below zero, and the stored rows replay to the stored
/// balances. The ledger is first filled to just below the store's first per-account history
/// catch-up, so that the first rounds' kills land before, during and after it.
/// </summary>
public sealed class SqliteLedgerKillTests(ITestOutputHelper output)
{
    private const int Rounds = 50;
    private const int DrillSeed = 7;
    private const int FreshPerRound = 700;

    [Fact]
    public async Task Fifty_kills_of_the_drill_lose_no_acknowledged_transfer_and_keep_the_ledger_balanced()
    {
        using var folder = new TempDirectory("kinko-kill-sqlite");
        var data = folder.Combine("data");
        var campaign = new KillCampaign(output, DrillSeed, FreshPerRound);
        try
        {
            using (var store = SqliteLedgerStore.Open(data, TimeProvider.System))
            using (var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System))
            {
                LedgerPrefill.Run(engine, KillTestLedger.PrefillTransfers);
            }

            LedgerAudit.Figures? last = null;
            for (var round = 0; round < Rounds; round++)
            {
                var (moment, around) = KillTestLedger.MomentFor(last);
                campaign.Audit.ReplayEverything = round == Rounds - 1;
                await campaign.RoundAsync(
                    folder.Path,
                    transfers => ["drill", "ledger-writer", "--data", data, "--transfers", $"{transfers}", "--seed", $"{DrillSeed}"],
                    audit => last = AuditSqlite(data, audit),
                    moment: moment,
                    aroundNewAck: around);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }

        KillTestLedger.AssertCoverage(campaign, Rounds, killedAtLeast: Rounds * 3 / 5, withNewAcksAtLeast: Rounds * 2 / 5, output);
    }

    private LedgerAudit.Figures AuditSqlite(string data, LedgerAudit audit)
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
        KillTestLedger.Report(figures, output);
        return figures;
    }
}

/// <summary>The kill test against a durable PostgreSQL server (fsync and synchronous_commit on).</summary>
[Collection(DurablePostgresCollection.Name)]
public sealed class PostgresLedgerKillTests(DurablePostgresFixture postgres, ITestOutputHelper output)
{
    private const int Rounds = 10;
    private const int DrillSeed = 11;
    private const int FreshPerRound = 1500;

    /// <summary>Rounds (1-based) where the PostgreSQL server itself crashes mid-run, then the drill is killed.</summary>
    private static readonly int[] ServerCrashRounds = [5, 8];

    [Fact]
    public async Task Ten_kills_of_the_drill_on_postgres_lose_no_acknowledged_transfer()
    {
        var connectionString = postgres.CreateDatabase("kill");
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using var folder = new TempDirectory("kinko-kill-pg");
        var campaign = new KillCampaign(output, DrillSeed, FreshPerRound);
        using (var store = PostgresLedgerStore.Open(connectionString, TimeProvider.System))
        using (var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System))
        {
            LedgerPrefill.Run(engine, KillTestLedger.PrefillTransfers);
        }

        LedgerAudit.Figures? last = null;
        for (var round = 1; round <= Rounds; round++)
        {
            var crashServer = ServerCrashRounds.Contains(round);
            campaign.Audit.ReplayEverything = round == Rounds;
            await campaign.RoundAsync(
                folder.Path,
                transfers => ["drill", "ledger-writer", "--postgres", connectionString, "--transfers", $"{transfers}", "--seed", $"{DrillSeed}"],
                audit => last = AuditPostgres(connectionString, audit),
                instead: crashServer
                    ? () =>
                    {
                        // An immediate stop (backends killed, no checkpoint), then crash recovery.
                        postgres.Server.CrashAndRestart();
                        connectionString = postgres.Server.ConnectionStringFor(database);
                    }
                    : null,
                drillMayFail: crashServer,
                moment: crashServer ? null : KillTestLedger.MomentFor(last).Moment,
                aroundNewAck: KillTestLedger.MomentFor(last).AroundNewAck);
        }

        // In the server-crash rounds the drill usually dies of the lost connection before its kill.
        KillTestLedger.AssertCoverage(campaign, Rounds, killedAtLeast: (Rounds - ServerCrashRounds.Length) / 2, withNewAcksAtLeast: 3, output);
    }

    private LedgerAudit.Figures AuditPostgres(string connectionString, LedgerAudit audit)
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
        KillTestLedger.Report(figures, output);
        return figures;
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

/// <summary>What the SQLite and PostgreSQL kill tests share.</summary>
internal static class KillTestLedger
{
    /// <summary>The store indexes account history in bulk every 65,536 transfers (AccountHistory.DefaultMaxUnindexed).</summary>
    public const int HistoryCatchUpEvery = 65_536;

    /// <summary>Just below the first catch-up: the drill's first few hundred new transfers cross it.</summary>
    public const int PrefillTransfers = HistoryCatchUpEvery - 300;

    /// <summary>The drill's 21 accounts and the prefill's 51.</summary>
    public const int Accounts = 21 + LedgerPrefill.Customers + 1;

    /// <summary>
    /// Until the first catch-up is done, aim the kill at it. An append first indexes the waiting
    /// transfers when <see cref="HistoryCatchUpEvery"/> of them wait, so the catch-up runs in the
    /// append after the commit that reached that count (kill a few new acks before it), or, when a
    /// run ended with the catch-up pending, in the next run's first append of new transfers (kill
    /// as the retries end).
    /// </summary>
    public static (KillCampaign.KillMoment? Moment, int AroundNewAck) MomentFor(LedgerAudit.Figures? last) =>
        last switch
        {
            null => (KillCampaign.KillMoment.AroundNewAck, HistoryCatchUpEvery - PrefillTransfers),
            { HistoryIndexedThrough: 0, Transfers: < HistoryCatchUpEvery } => (KillCampaign.KillMoment.AroundNewAck, (int)(HistoryCatchUpEvery - last.Transfers)),
            { HistoryIndexedThrough: 0 } => (KillCampaign.KillMoment.AtFirstNewWrite, 0),
            _ => (null, 0),
        };

    /// <summary>Enough transfers wait for the next append to index them first.</summary>
    public static bool CatchUpPending(LedgerAudit.Figures figures) =>
        figures is { HistoryIndexedThrough: 0, Transfers: >= HistoryCatchUpEvery };

    public static void Report(LedgerAudit.Figures figures, ITestOutputHelper output)
    {
        figures.Accounts.ShouldBe(Accounts, "the drill's capital account and 20 customers, and the prefill's");
        output.WriteLine($"  ledger: {figures.Transfers} transfers, {figures.OpenPendings} open holds, history indexed through {figures.HistoryIndexedThrough}" +
            $"{(CatchUpPending(figures) ? " (catch-up pending)" : "")}; audit: {figures.Timings}");
    }

    /// <summary>The kills must have landed where they test something: mostly mid-run, often after new writes.</summary>
    public static void AssertCoverage(KillCampaign campaign, int rounds, int killedAtLeast, int withNewAcksAtLeast, ITestOutputHelper output)
    {
        output.WriteLine($"{campaign.Audit.Acknowledged.Count} drill keys acknowledged; {campaign.KilledWhileRunning} of {rounds} rounds killed mid-run, {campaign.RoundsWithNewAcks} with new acks");
        campaign.KilledWhileRunning.ShouldBeGreaterThanOrEqualTo(killedAtLeast, "most kills must land while the drill runs");
        campaign.RoundsWithNewAcks.ShouldBeGreaterThanOrEqualTo(withNewAcksAtLeast, "many rounds must commit new transfers before their kill");
        campaign.Audit.Acknowledged.Count.ShouldBeGreaterThan(campaign.FreshPerRound * rounds / 10);
    }
}
