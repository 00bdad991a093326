using System.Diagnostics;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Bench.Engine;

/// <summary>The figures of <c>kinko bench engine --durable</c>.</summary>
public sealed record DurableBenchmarkResult(long Commands, TimeSpan Elapsed, long Commits, ReplayResult Result, IReadOnlyList<TrialBalanceLine> TrialBalance, int HoldDifferences)
{
    public double CommandsPerSecond => Commands / Elapsed.TotalSeconds;

    /// <summary>Bytes allocated by the whole process during the measured run (every thread).</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Garbage collections of generations 0, 1 and 2 during the measured run.</summary>
    public (int Gen0, int Gen1, int Gen2) Collections { get; init; }
}

/// <summary>
/// The workload through the whole durable path: the trading sequencer (holds, matching,
/// settlement) with the journal and the ledger committed together, many commands per commit.
/// Commands are submitted in order with up to <c>window</c> awaiting acknowledgement.
/// </summary>
public static class DurableEngineBenchmark
{
    /// <summary>The workload's market: ticks and lots map one to one onto minor units, taker fee 0.1 %, no band, no self-trade prevention.</summary>
    public static readonly MarketSpec Market = new("btc_jpy", 1m, 0.0001m, 0.0001m, 0m, 0.001m, 0m, false);

    private const long JpyPerAccount = 1_000_000_000_0000; // 1e9 JPY
    private const long BtcPerAccount = 1_000_000_0000_0000; // 1e7 BTC in satoshi

    public static async Task<DurableBenchmarkResult> RunAsync(LedgerEngine ledger, Workload workload, int window, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(workload);
        var accounts = workload.Commands.Max(c => c.AccountId);
        Fund(ledger, accounts);
        await using var sequencer = await TradingSequencer.OpenAsync(ledger, AssetRegistry.Default, [Market], TimeProvider.System);

        var pending = new Queue<(WorkloadCommand Command, Task<TradingResult> Result)>(window);
        long trades = 0, lots = 0, refused = 0, done = 0;
        var commitsBefore = sequencer.LastSequence;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var watch = Stopwatch.StartNew();
        foreach (var command in workload.Commands)
        {
            if (pending.Count == window)
            {
                Tally(await pending.Dequeue().Result);
            }

            pending.Enqueue((command, sequencer.SubmitAsync(ToTradingCommand(command))));
        }

        while (pending.Count > 0)
        {
            Tally(await pending.Dequeue().Result);
        }

        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var collections = (GC.CollectionCount(0) - collectionsBefore.Item1, GC.CollectionCount(1) - collectionsBefore.Item2, GC.CollectionCount(2) - collectionsBefore.Item3);
        var desk = sequencer.Core.Find(Market.Pair)!;
        var engine = desk.Engine;
        var resting = engine.RestingOrders().Sum(o => o.Lots);
        var result = new ReplayResult(workload.Commands.Length, trades, lots, engine.RestingOrderCount, resting, engine.BidLevels, engine.AskLevels, engine.LastTradePriceTicks, refused);
        return new DurableBenchmarkResult(workload.Commands.Length, watch.Elapsed, sequencer.LastSequence - commitsBefore, result,
            ledger.TrialBalance(), HoldAudit.Differences(sequencer.Core, ledger).Count)
        {
            AllocatedBytes = allocated,
            Collections = collections,
        };

        void Tally(TradingResult r)
        {
            if (!r.Accepted)
            {
                refused++;
            }

            trades += r.Fills.Count;
            lots += r.Fills.Sum(f => f.Lots);
            if (++done % 10_000 == 0)
            {
                progress?.Report(done);
            }
        }
    }

    private static TradingCommand ToTradingCommand(in WorkloadCommand c) => c.Op switch
    {
        WorkloadOp.Place => new PlaceOrder(Market.Pair, c.AccountId, c.Side, OrderType.Limit,
            c.ImmediateOrCancel ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTilCancelled, c.PriceTicks, c.Lots),
        WorkloadOp.Cancel => new CancelOrder(Market.Pair, c.AccountId, c.OrderId),
        _ => new MoveOrder(Market.Pair, c.AccountId, c.OrderId, c.PriceTicks),
    };

    private static void Fund(LedgerEngine ledger, long accounts)
    {
        var trading = new TradingAccounts(ledger);
        var runId = Guid.NewGuid().ToString("N")[..8];
        foreach (var asset in new[] { ("JPY", JpyPerAccount), ("BTC", BtcPerAccount) })
        {
            var capital = ledger.OpenAccount(new NewAccount(asset.Item1, AccountKind.CompanyCapital, 0, AccountFlags.None));
            var groups = Enumerable.Range(1, (int)accounts)
                .Select(a => (IReadOnlyList<TransferRequest>)[TransferRequest.Post($"bench-{runId}-{asset.Item1}-{a}", capital.Id, trading.Available(asset.Item1, a), asset.Item1, asset.Item2)])
                .ToList();
            foreach (var chunk in groups.Chunk(LedgerEngine.MaxTransfersPerBatch))
            {
                ledger.Execute(chunk);
            }
        }
    }
}
