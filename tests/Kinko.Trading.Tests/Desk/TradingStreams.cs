using Kinko.Primitives;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Desk;

/// <summary>Random command streams over btc_jpy and xem_jpy (customers share their JPY between both), and ways to compare states.</summary>
public static class TradingStreams
{
    public const int Owners = 4;

    /// <summary>Funds the owners (again) and submits <paramref name="commands"/> random commands, awaiting each in turn or in small concurrent bursts.</summary>
    public static async Task<List<TradingResult>> RunRandomAsync(TradingHarness h, int seed, int commands)
    {
        ArgumentNullException.ThrowIfNull(h);
        var random = new Random(seed);
        for (var owner = 1; owner <= Owners; owner++)
        {
            h.Fund(owner, "JPY", 2_000_000_0000);
            h.Fund(owner, "BTC", 5_000_0000);
            h.Fund(owner, "XEM", 100_000_000000);
        }

        var results = new List<TradingResult>();
        var live = new List<(string Pair, long Owner, long Id)>();
        var done = 0;
        while (done < commands)
        {
            var burst = Math.Min(commands - done, random.Next(1, 6));
            var tasks = Enumerable.Range(0, burst).Select(_ => h.Submit(RandomCommand(random, live))).ToList();
            foreach (var result in await Task.WhenAll(tasks))
            {
                results.Add(result);
                Track(result, live, h);
            }

            done += burst;
        }

        return results;
    }

    /// <summary>A fresh core that replays the harness's journal up to <paramref name="upTo"/>.</summary>
    public static TradingCore ReplayJournal(TradingHarness h, long upTo)
    {
        ArgumentNullException.ThrowIfNull(h);
        var core = new TradingCore(AssetRegistry.Default, h.Accounts);
        JournalReplay.Apply(core, h.Ledger.Store, 0, upTo).ShouldBe(upTo);
        return core;
    }

    private static void Track(TradingResult result, List<(string Pair, long Owner, long Id)> live, TradingHarness h)
    {
        live.RemoveAll(o => h.Sequencer.Core.Find(o.Pair)?.Holds.ContainsKey(o.Id) != true);
        if (result.Accepted && result.OrderId > 0)
        {
            foreach (var desk in h.Sequencer.Core.Markets.Values)
            {
                if (desk.Holds.TryGetValue(result.OrderId, out var hold) && !live.Contains((desk.Market.Pair, hold.OwnerId, hold.OrderId)))
                {
                    live.Add((desk.Market.Pair, hold.OwnerId, hold.OrderId));
                }
            }
        }
    }

    private static TradingCommand RandomCommand(Random random, List<(string Pair, long Owner, long Id)> live)
    {
        var roll = random.Next(100);
        if (roll < 15 && live.Count > 0)
        {
            var (pair, owner, id) = live[random.Next(live.Count)];
            return new CancelOrder(pair, random.Next(10) == 0 ? owner % Owners + 1 : owner, id);
        }

        var btc = random.Next(2) == 0;
        var pairId = btc ? "btc_jpy" : "xem_jpy";
        var mid = btc ? 5_000_000L : 40_000L; // 5,000,000 JPY per BTC; 4 JPY per XEM
        var step = btc ? 1_000L : 100L;
        if (roll < 35 && live.Count > 0)
        {
            var (pair, owner, id) = live[random.Next(live.Count)];
            var m = pair == "btc_jpy" ? 5_000_000L : 40_000L;
            var s = pair == "btc_jpy" ? 1_000L : 100L;
            return new MoveOrder(pair, owner, id, m + (random.Next(-5, 6) * s));
        }

        var ownerId = random.Next(1, Owners + 1);
        var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var price = mid + (random.Next(-5, 6) * step);
        var lots = random.Next(1, 30) * (btc ? 1 : 1_000);
        return random.Next(12) switch
        {
            0 => new PlaceOrder(pairId, ownerId, Side.Sell, OrderType.MarketSell, TimeInForce.ImmediateOrCancel, 0, lots),
            1 => new PlaceOrder(pairId, ownerId, Side.Buy, OrderType.MarketBuy, TimeInForce.ImmediateOrCancel, 0, 0, random.Next(1, 50) * 1_000_0000L),
            2 => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.PostOnly, price, lots),
            3 => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.ImmediateOrCancel, price, lots),
            4 => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.FillOrKill, price, lots),
            5 => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots, StopPriceTicks: price + (side == Side.Buy ? step : -step)),
            6 => new PlaceOrder(pairId, ownerId, Side.Sell, OrderType.MarketSell, TimeInForce.ImmediateOrCancel, 0, lots, StopPriceTicks: mid - step),
            _ => new PlaceOrder(pairId, ownerId, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots),
        };
    }
}
