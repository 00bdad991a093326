using Kinko.Primitives;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Desk;

public sealed class SettlementTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const long Alice = 1;
    private const long Bob = 2;
    private const long Price = 5_000_000; // JPY per BTC, one tick = 1 JPY

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task A_buy_holds_its_notional_and_taker_fee_and_a_fill_settles_to_the_minor_unit(string store)
    {
        await using var h = await TradingHarness.StartAsync(store, postgres);
        h.Fund(Alice, "JPY", 1_000_000_0000);
        h.Fund(Bob, "BTC", 1_0000_0000);

        var buy = await h.Submit(Limit(Alice, Side.Buy, Price, 100));
        buy.Accepted.ShouldBeTrue();
        h.Held(Alice, "JPY").CreditsPending.ShouldBe(500_000_000 + 250_000); // 50,000 JPY + 0.05 % taker fee
        h.Available(Alice, "JPY").Available.ShouldBe(1_000_000_0000 - 500_250_000);

        var sell = await h.Submit(Limit(Bob, Side.Sell, 4_900_000, 60));
        sell.Fills.ShouldHaveSingleItem().PriceTicks.ShouldBe(Price);
        sell.Outcomes[0].State.ShouldBe(OrderState.Filled);

        // Alice is the maker: 60 lots at 5,000,000 = 300,000,000 minor units, a 0.01 % rebate of 30,000.
        h.Available(Alice, "JPY").Posted.ShouldBe(1_000_000_0000 - 300_000_000 + 30_000);
        h.Available(Alice, "BTC").Posted.ShouldBe(600_000);
        h.Held(Alice, "JPY").CreditsPending.ShouldBe(200_000_000 + 100_000);

        // Bob is the taker: pays 0.05 % of the notional.
        h.Available(Bob, "BTC").Posted.ShouldBe(1_0000_0000 - 600_000);
        h.Available(Bob, "JPY").Posted.ShouldBe(300_000_000 - 150_000);
        h.Held(Bob, "BTC").CreditsPending.ShouldBe(0);
        h.FeeRevenue("JPY").Posted.ShouldBe(150_000 - 30_000);

        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty();
        h.Ledger.TrialBalance().ShouldAllBe(l => l.IsBalanced);
    }

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task An_order_beyond_the_owners_funds_is_refused_and_leaves_no_trace(string store)
    {
        await using var h = await TradingHarness.StartAsync(store, postgres);
        h.Fund(Alice, "JPY", 1_000_0000);
        var before = h.Sequencer.LastSequence;

        var result = await h.Submit(Limit(Alice, Side.Buy, Price, 100));

        result.Error.ShouldNotBeNull().Code.ShouldBe(ErrorCode.InsufficientFunds);
        h.Sequencer.LastSequence.ShouldBe(before);
        h.Sequencer.Core.Find("btc_jpy")!.Engine.RestingOrderCount.ShouldBe(0);
        h.Available(Alice, "JPY").Available.ShouldBe(1_000_0000);
    }

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task A_cancel_releases_the_hold_and_a_market_buy_spends_at_most_its_budget(string store)
    {
        await using var h = await TradingHarness.StartAsync(store, postgres);
        h.Fund(Alice, "JPY", 100_000_0000);
        h.Fund(Bob, "BTC", 1_0000_0000);
        var ask = await h.Submit(Limit(Bob, Side.Sell, Price, 10));
        var cancelBefore = await h.Submit(new CancelOrder("btc_jpy", Alice, ask.OrderId));
        cancelBefore.Error.ShouldNotBeNull().Code.ShouldBe(TradingErrors.UnknownOrder); // not Alice's order

        var budget = 2_000_0000L; // 2,000 JPY: four lots of 500 JPY with fee do not fit, three do
        var buy = await h.Submit(new PlaceOrder("btc_jpy", Alice, Side.Buy, OrderType.MarketBuy, TimeInForce.ImmediateOrCancel, 0, 0, budget));
        buy.Fills.Sum(f => f.Lots).ShouldBe(3);
        buy.Outcomes[0].State.ShouldBe(OrderState.Filled);
        var spent = 100_000_0000 - h.Available(Alice, "JPY").Available;
        spent.ShouldBe(3 * 500_0000 + FeeMath.Fee(3 * 500_0000, 500));
        spent.ShouldBeLessThanOrEqualTo(budget);
        h.Held(Alice, "JPY").CreditsPending.ShouldBe(0);

        var cancel = await h.Submit(new CancelOrder("btc_jpy", Bob, ask.OrderId));
        cancel.Outcomes.ShouldHaveSingleItem().State.ShouldBe(OrderState.Cancelled);
        h.Held(Bob, "BTC").CreditsPending.ShouldBe(0);
        h.Available(Bob, "BTC").Available.ShouldBe(1_0000_0000 - 3 * 10_000);
        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task Moving_a_buy_re_holds_for_the_new_price_or_is_refused_whole(string store)
    {
        await using var h = await TradingHarness.StartAsync(store, postgres);
        h.Fund(Alice, "JPY", 600_0000);
        var buy = await h.Submit(Limit(Alice, Side.Buy, Price, 1)); // 500 JPY + fee
        h.Held(Alice, "JPY").CreditsPending.ShouldBe(500_0000 + 2_500);

        var tooDear = await h.Submit(new MoveOrder("btc_jpy", Alice, buy.OrderId, 7_000_000));
        tooDear.Error.ShouldNotBeNull().Code.ShouldBe(ErrorCode.InsufficientFunds);
        h.Sequencer.Core.Find("btc_jpy")!.Engine.FindResting(buy.OrderId)!.Value.PriceTicks.ShouldBe(Price);

        (await h.Submit(new MoveOrder("btc_jpy", Alice, buy.OrderId, 4_000_000))).Accepted.ShouldBeTrue();
        h.Held(Alice, "JPY").CreditsPending.ShouldBe(400_0000 + 2_000);
        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_order_that_sweeps_many_makers_leaves_none_of_them_in_the_open_orders()
    {
        await using var h = await TradingHarness.StartAsync("sqlite");
        h.Fund(Alice, "BTC", 1_0000_0000);
        h.Fund(Bob, "JPY", 1_000_000_0000);
        var makers = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            makers.Add((await h.Submit(Limit(Alice, Side.Sell, Price + i, 1))).OrderId);
        }

        h.Sequencer.Orders.OfOwner(Alice).Count.ShouldBe(40);
        var sweep = await h.Submit(Limit(Bob, Side.Buy, Price + 100, 45));
        sweep.Fills.Count.ShouldBe(40);

        h.Sequencer.Orders.OfOwner(Alice).ShouldBeEmpty();
        makers.ShouldAllBe(id => h.Sequencer.Orders.Find(id) == null);
        h.Sequencer.Orders.Find(sweep.OrderId)!.RemainingLots.ShouldBe(5);
        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty();
    }

    private static PlaceOrder Limit(long owner, Side side, long price, long lots) =>
        new("btc_jpy", owner, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots);
}
