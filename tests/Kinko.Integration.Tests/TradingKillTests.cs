using System.Globalization;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Kinko.Integration.Tests;

/// <summary>
/// The trading kill test: <c>kinko drill trading</c> streams orders and is SIGKILLed at random
/// moments, again and again on one data folder (snapshots every 50 records, so kills land around
/// them too). After each kill trading is recovered in-process and checked: recovery (snapshot +
/// journal) equals a replay of the whole journal; at the last acknowledged command every order the
/// drill was told about is resting with the lots it was told, or gone when it was told so; every
/// hold matches the ledger; every fill settled exactly once; the trial balance is zero.
/// </summary>
public sealed class TradingKillTests(ITestOutputHelper output)
{
    private const int Rounds = 20;

    [Fact]
    public async Task Twenty_kills_of_the_trading_drill_lose_no_acknowledged_order_and_settle_no_fill_twice()
    {
        using var folder = new TempDirectory("kinko-kill-trading");
        var data = folder.Combine("data");
        var seed = Environment.GetEnvironmentVariable("KINKO_KILL_TEST_SEED") is { } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"kill moments from seed {seed} (set KINKO_KILL_TEST_SEED={seed} to repeat them)");
        var random = new Random(seed);
        var killed = 0;
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                using var child = KinkoCli.Start(folder.Path, "drill", "trading", "--data", data, "--commands", "1500",
                    "--seed", round.ToString(CultureInfo.InvariantCulture), "--snapshot-every", "50");
                var acksBeforeKill = random.Next(0, 600);
                var reached = child.WaitForLineAsync(line => line.StartsWith("ack ", StringComparison.Ordinal) && --acksBeforeKill < 0);
                var exited = child.WaitForExitAsync(TimeSpan.FromSeconds(90));
                if (await Task.WhenAny(reached, exited) == reached && await reached is not null)
                {
                    await Task.Delay(random.Next(0, 15));
                }

                if (!child.HasExited)
                {
                    child.Kill();
                    killed++;
                }
                else
                {
                    child.ExitCode.ShouldBe(0, child.Describe());
                }

                var acks = DrillAcks.Parse(child.Lines);
                var figures = await AuditAsync(data, acks);
                output.WriteLine($"round {round,2}: acks {acks.Count,4} up to #{acks.LastSequence,-6} orders told {acks.Orders.Count,4}  fills {figures}");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }

        killed.ShouldBeGreaterThanOrEqualTo(Rounds / 2, "most rounds must end in a kill, not a clean exit");
    }

    private static async Task<long> AuditAsync(string data, DrillAcks acks)
    {
        using var store = SqliteLedgerStore.Open(data, TimeProvider.System);
        using var ledger = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System);
        ledger.TrialBalance().ShouldAllBe(l => l.IsBalanced);

        // Recovery checks every hold against the ledger (HoldAudit) and throws if one differs.
        await using var sequencer = await TradingSequencer.OpenAsync(ledger, AssetRegistry.Default, [], TimeProvider.System);
        var accounts = new TradingAccounts(ledger);
        var whole = new TradingCore(AssetRegistry.Default, accounts);
        JournalReplay.Apply(whole, store, 0);
        TradingDigest.Of(sequencer.Core).ShouldBe(TradingDigest.Of(whole), "recovery from the snapshot differs from a replay of the whole journal");

        var atLastAck = new TradingCore(AssetRegistry.Default, accounts);
        JournalReplay.Apply(atLastAck, store, 0, acks.LastSequence).ShouldBe(acks.LastSequence, "an acknowledged command is missing from the journal");
        foreach (var (order, (open, remaining)) in acks.Orders)
        {
            var hold = atLastAck.Markets.Values.Select(d => d.Holds.GetValueOrDefault(order)).FirstOrDefault(h => h is not null);
            if (open)
            {
                hold.ShouldNotBeNull($"order {order} was acknowledged open but is gone").RemainingLots.ShouldBe(remaining, $"order {order}");
            }
            else
            {
                hold.ShouldBeNull($"order {order} was acknowledged finished but is still live");
            }
        }

        var fills = sequencer.Core.Markets.Values.Sum(d => d.NextTradeId - 1);
        sequencer.Core.Markets.Values.Sum(d => store.LastEventId(Kinko.Trading.MarketData.Trade.Stream(d.Market.Pair))).ShouldBe(fills);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM transfers WHERE key LIKE 'f%.base'";
            Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture).ShouldBe(fills, "each fill settles its base leg exactly once");
        }

        return fills;
    }

    /// <summary>What one run of the drill acknowledged: the last journal sequence, and per order its last told state.</summary>
    private sealed class DrillAcks
    {
        public long LastSequence { get; private set; }

        public int Count { get; private set; }

        public Dictionary<long, (bool Open, long Remaining)> Orders { get; } = [];

        public static DrillAcks Parse(IReadOnlyList<string> lines)
        {
            var acks = new DrillAcks();
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                if (parts[0] == "refused")
                {
                    continue;
                }

                parts[0].ShouldBe("ack", $"unexpected line from the drill: '{line}'");
                var sequence = long.Parse(parts[1], CultureInfo.InvariantCulture);
                sequence.ShouldBeGreaterThan(acks.LastSequence, "acknowledgements come in journal order");
                acks.LastSequence = sequence;
                acks.Count++;
                foreach (var order in parts.Skip(2))
                {
                    var fields = order.Split(':');
                    acks.Orders[long.Parse(fields[0], CultureInfo.InvariantCulture)] = (fields[1] == "open", long.Parse(fields[2], CultureInfo.InvariantCulture));
                }
            }

            return acks;
        }
    }
}
