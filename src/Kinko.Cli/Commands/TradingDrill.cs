using System.Globalization;
using System.Text;
using Kinko.Ledger;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Cli.Commands;

/// <summary>
/// A random order stream for kill tests: customers trade btc_jpy and xem_jpy (sharing their JPY)
/// through the sequencer. After each command is durable it prints, in journal order,
/// <c>ack SEQ ORDER:STATE:REMAINING …</c> for every order the command touched (makers it filled,
/// then its own order and any stop orders it triggered), or <c>refused CODE</c>.
/// </summary>
internal static class TradingDrill
{
    public const int Owners = 8;
    private const int Window = 64;

    public static IReadOnlyList<MarketSpec> Markets { get; } =
        MarketCatalog.Defaults.Where(m => m.Pair is "btc_jpy" or "xem_jpy").ToList();

    public static async Task RunAsync(LedgerEngine ledger, TradingSequencer sequencer, int commands, int seed, TextWriter output, CancellationToken cancel)
    {
        Fund(ledger);
        var random = new Random(seed);
        var live = sequencer.Core.Markets.Values.SelectMany(d => d.Holds.Values.Select(h => (d.Market.Pair, h.OwnerId, h.OrderId))).ToList();
        var inFlight = new Queue<(string Pair, Task<TradingResult> Result)>();
        for (var i = 0; i < commands; i++)
        {
            if (inFlight.Count == Window)
            {
                var (pair, result) = inFlight.Dequeue();
                Report(pair, await result, live, output);
            }

            var command = Next(random, live);
            inFlight.Enqueue((command.Pair, sequencer.SubmitAsync(command, cancel)));
        }

        while (inFlight.Count > 0)
        {
            var (pair, result) = inFlight.Dequeue();
            Report(pair, await result, live, output);
        }
    }

    private static void Report(string pair, TradingResult result, List<(string Pair, long Owner, long Id)> live, TextWriter output)
    {
        if (!result.Accepted)
        {
            output.WriteLine($"refused {result.Error!.Code}");
            output.Flush();
            return;
        }

        // One token per order: its state at the end of the command. Within a command an order's lots
        // only shrink, and a stop order triggered late in the command may still fill a resting order
        // whose own outcome came earlier, so: finished if any mention says so, else the fewest lots.
        var final = new Dictionary<long, (bool Open, long Remaining)>();
        var order = new List<long>();
        void Mention(long id, bool open, long remaining)
        {
            if (!final.TryGetValue(id, out var known))
            {
                order.Add(id);
                final[id] = (open, remaining);
                return;
            }

            final[id] = known.Open && open ? (true, Math.Min(known.Remaining, remaining)) : (false, 0);
        }

        foreach (var fill in result.Fills)
        {
            Mention(fill.MakerOrderId, fill.MakerRemainingLots > 0, fill.MakerRemainingLots);
        }

        foreach (var outcome in result.Outcomes)
        {
            var open = outcome.State is OrderState.Open or OrderState.WaitingForTrigger;
            Mention(outcome.OrderId, open, open ? outcome.RemainingLots : 0);
        }

        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"ack {result.Sequence}"));
        foreach (var id in order)
        {
            var (open, remaining) = final[id];
            line.Append(CultureInfo.InvariantCulture, $" {id}:{(open ? "open" : "done")}:{remaining}");
            live.RemoveAll(o => o.Id == id);
            if (open)
            {
                live.Add((pair, result.Outcomes.FirstOrDefault(o => o.OrderId == id).AccountId is var owner and > 0 ? owner : Owner(result, id), id));
            }
        }

        output.WriteLine(line.ToString());
        output.Flush();
    }

    private static long Owner(TradingResult result, long makerOrderId) => result.Fills.First(f => f.MakerOrderId == makerOrderId).MakerAccountId;

    private static TradingCommand Next(Random random, List<(string Pair, long Owner, long Id)> live)
    {
        var roll = random.Next(100);
        if (roll < 20 && live.Count > 0)
        {
            var (pair, owner, id) = live[random.Next(live.Count)];
            return new CancelOrder(pair, owner, id);
        }

        var btc = random.Next(2) == 0;
        var pairId = btc ? "btc_jpy" : "xem_jpy";
        var mid = btc ? 5_000_000L : 40_000L;
        var step = btc ? 1_000L : 10L;
        if (roll < 40 && live.Count > 0)
        {
            var (pair, owner, id) = live[random.Next(live.Count)];
            var (m, s) = pair == "btc_jpy" ? (5_000_000L, 1_000L) : (40_000L, 10L);
            return new MoveOrder(pair, owner, id, m + (random.Next(-5, 6) * s));
        }

        var ownerId = random.Next(1, Owners + 1);
        var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var price = mid + (random.Next(-5, 6) * step);
        var lots = random.Next(10, 200);
        return random.Next(10) switch
        {
            0 => new PlaceOrder(pairId, ownerId, Side.Sell, OrderType.MarketSell, TimeInForce.ImmediateOrCancel, 0, lots),
            1 => new PlaceOrder(pairId, ownerId, Side.Buy, OrderType.MarketBuy, TimeInForce.ImmediateOrCancel, 0, 0, random.Next(1, 100) * 10_000_0000L),
            2 => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.ImmediateOrCancel, price, lots),
            3 => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.PostOnly, price, lots),
            4 => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots, StopPriceTicks: price + (side == Side.Buy ? step : -step)),
            _ => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots),
        };
    }

    /// <summary>Funds every owner once (idempotent keys: a rerun finds them committed).</summary>
    private static void Fund(LedgerEngine ledger)
    {
        var accounts = new TradingAccounts(ledger);
        foreach (var (asset, amount) in new[] { ("JPY", 1_000_000_000_0000L), ("BTC", 1_000_0000_0000L), ("XEM", 1_000_000_000_000000L) })
        {
            var capital = ledger.OpenAccount(new NewAccount(asset, AccountKind.CompanyCapital, 0, AccountFlags.None)).Id;
            ledger.Execute(Enumerable.Range(1, Owners)
                .Select(o => (IReadOnlyList<TransferRequest>)[TransferRequest.Post($"drill-fund-{o}-{asset}", capital, accounts.Available(asset, o), asset, amount)])
                .ToList());
        }
    }
}
