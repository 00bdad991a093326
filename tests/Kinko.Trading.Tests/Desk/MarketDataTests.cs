using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.MarketData;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Desk;

public sealed class MarketDataTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const long Maker = 1;
    private const long Taker = 2;

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task Trades_are_stored_with_their_commit_and_paged_newest_first(string store)
    {
        await using var h = await Funded(store);
        await Trade(h, 5_000_000, 3);
        await Trade(h, 5_001_000, 2);
        await Trade(h, 5_002_000, 1);

        var history = new MarketHistory(h.Ledger.Store);
        var page = history.Trades("btc_jpy", null, 2);
        page.Select(t => (t.Id, t.PriceTicks, t.Lots)).ShouldBe([(3L, 5_002_000L, 1L), (2L, 5_001_000L, 2L)]);
        page[0].TakerSide.ShouldBe(Side.Buy);
        page[0].MakerOwnerId.ShouldBe(Maker);
        history.Trades("btc_jpy", 2, 10).Single().Id.ShouldBe(1);
        history.TradesAfter("btc_jpy", 1, 10).Select(t => t.Id).ShouldBe([2, 3]);
    }

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task Candles_and_vwap_over_a_window_are_exact(string store)
    {
        await using var h = await Funded(store);
        var t0 = h.Time.GetUtcNow(); // 09:00:00
        await Trade(h, 5_000_000, 3);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await Trade(h, 5_003_000, 1);
        h.Time.Advance(TimeSpan.FromMinutes(1)); // 09:01:30
        await Trade(h, 4_990_000, 6);

        var history = new MarketHistory(h.Ledger.Store);
        var oneMinute = CandleInterval.Find("1m")!;
        var candles = history.Candles("btc_jpy", oneMinute, t0, t0.AddMinutes(5), notionalPerTickLot: 1);
        candles.Count.ShouldBe(2);
        candles[0].ShouldBe(new Candle(t0, 5_000_000, 5_003_000, 5_000_000, 5_003_000, 4, (3 * 5_000_000) + 5_003_000, 2));
        candles[1].Start.ShouldBe(t0.AddMinutes(1));
        candles[1].Close.ShouldBe(4_990_000);
        history.Candles("btc_jpy", CandleInterval.Find("1h")!, t0, t0.AddHours(1), 1).Single().Lots.ShouldBe(10);

        var vwap = history.Vwap("btc_jpy", t0, t0.AddMinutes(2));
        vwap.Lots.ShouldBe(10);
        vwap.PriceLots.ShouldBe((Int128)((3 * 5_000_000) + 5_003_000 + (6 * 4_990_000)));
        vwap.PriceTicks(2).ShouldBe(4_994_300.00m);
        history.Vwap("btc_jpy", t0.AddMinutes(1), t0.AddMinutes(2)).Lots.ShouldBe(6);
        history.Vwap("btc_jpy", t0.AddHours(1), t0.AddHours(2)).PriceTicks().ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task The_feed_numbers_its_events_publishes_depth_and_rolls_24_hour_figures(string store)
    {
        await using var h = await Funded(store);
        var feed = h.Sequencer.Feeds.Find("btc_jpy").ShouldNotBeNull();
        var start = feed.Sequence;
        var seen = new List<FeedEvent>();
        feed.Published += seen.Add;

        await h.Submit(Limit(Maker, Side.Sell, 5_010_000, 4));
        await h.Submit(Limit(Maker, Side.Buy, 4_990_000, 2));
        await Trade(h, 5_000_000, 1);

        seen.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, seen.Count).Select(i => start + i));
        feed.Depth.BestAskTicks.ShouldBe(5_010_000);
        feed.Depth.BestBidTicks.ShouldBe(4_990_000);
        feed.Depth.Asks[0].Lots.ShouldBe(4);
        feed.EventsAfter(start)!.Count.ShouldBe(seen.Count);
        seen[0].Changes.ShouldBe([new LevelChange(Side.Sell, 5_010_000, 4)]);
        seen[^1].Trades.ShouldHaveSingleItem().PriceTicks.ShouldBe(5_000_000);

        var day = feed.Day(h.Time.GetUtcNow());
        (day.HighTicks, day.LowTicks, day.Lots).ShouldBe((5_000_000L, 5_000_000L, 1L));
        feed.Day(h.Time.GetUtcNow().AddHours(25)).Trades.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task After_a_restart_trade_ids_continue_and_the_feed_remembers_the_last_day(string store)
    {
        await using var h = await Funded(store);
        await Trade(h, 5_000_000, 2);
        await Trade(h, 5_004_000, 1);

        await h.RestartAsync();
        var feed = h.Sequencer.Feeds.Find("btc_jpy").ShouldNotBeNull();
        feed.RecentTrades(10).Select(t => t.Id).ShouldBe([2, 1]);
        feed.Day(h.Time.GetUtcNow()).HighTicks.ShouldBe(5_004_000);
        feed.LastTradePriceTicks.ShouldBe(5_004_000);

        var next = await Trade(h, 5_001_000, 1);
        next.Trades.Single().Id.ShouldBe(3);
    }

    private async Task<TradingHarness> Funded(string store)
    {
        var h = await TradingHarness.StartAsync(store, postgres);
        h.Fund(Maker, "BTC", 10_0000_0000);
        h.Fund(Maker, "JPY", 10_000_000_0000);
        h.Fund(Taker, "JPY", 10_000_000_0000);
        return h;
    }

    /// <summary>The maker offers, the taker buys it all at that price.</summary>
    private static async Task<TradingResult> Trade(TradingHarness h, long price, long lots)
    {
        (await h.Submit(Limit(Maker, Side.Sell, price, lots))).Accepted.ShouldBeTrue();
        var buy = await h.Submit(Limit(Taker, Side.Buy, price, lots));
        buy.Trades.Sum(t => t.Lots).ShouldBe(lots);
        return buy;
    }

    private static PlaceOrder Limit(long owner, Side side, long price, long lots) =>
        new("btc_jpy", owner, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots);
}
