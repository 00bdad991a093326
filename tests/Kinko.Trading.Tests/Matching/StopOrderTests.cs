using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class StopOrderTests
{
    [Fact]
    public void A_stop_order_waits_for_its_trigger_off_the_book()
    {
        var market = new Market();
        var stop = OrderRequest.Stop(OrderRequest.Limit(1, Alice, Side.Buy, 105, 2), 102);

        var result = market.Place(stop);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.WaitingForTrigger, 0, 2, 0)]);
        market.Book.ShouldBeEmpty();
        market.Stops.ShouldBe([stop]);
        market.Engine.StopOrderCount.ShouldBe(1);
        market.Engine.Contains(1).ShouldBeTrue();
    }

    [Fact]
    public void A_stop_buy_does_not_fire_on_a_trade_below_its_trigger()
    {
        var market = new Market();
        market.Place(OrderRequest.Stop(OrderRequest.Limit(1, Alice, Side.Buy, 105, 2), 102));

        market.TradeAt(101);

        market.Engine.StopOrderCount.ShouldBe(1);
    }

    [Fact]
    public void A_stop_limit_buy_enters_when_a_trade_reaches_its_trigger_and_its_outcome_follows_the_fills()
    {
        var market = new Market();
        market.Sell(1, Alice, 102, 1);
        market.Sell(2, Alice, 103, 2);
        market.Place(OrderRequest.Stop(OrderRequest.Limit(3, Carol, Side.Buy, 105, 3), 102));

        var result = market.Buy(4, Bob, 102, 1);

        result.Fills.ShouldBe([
            new Fill(4, Bob, 1, Alice, Side.Buy, 102, 1, 0),
            new Fill(3, Carol, 2, Alice, Side.Buy, 103, 2, 0),
        ]);
        result.Outcomes.ShouldBe([
            new OrderOutcome(4, Bob, OrderState.Filled, 1, 0, 102),
            new OrderOutcome(3, Carol, OrderState.Open, 2, 1, 206),
        ]);
        market.Book.ShouldBe([new RestingOrder(3, Carol, Side.Buy, 105, 1, false)]);
        market.Engine.StopOrderCount.ShouldBe(0);
        market.Engine.LastTradePriceTicks.ShouldBe(103);
    }

    [Fact]
    public void A_stop_market_sell_enters_when_a_trade_falls_to_its_trigger()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 1);
        market.Buy(2, Alice, 98, 3);
        market.Place(OrderRequest.Stop(OrderRequest.MarketSell(3, Carol, 2), 100));

        var result = market.Sell(4, Bob, 100, 1);

        result.Fills.ShouldBe([
            new Fill(4, Bob, 1, Alice, Side.Sell, 100, 1, 0),
            new Fill(3, Carol, 2, Alice, Side.Sell, 98, 2, 1),
        ]);
        result.Outcomes.ShouldBe([
            new OrderOutcome(4, Bob, OrderState.Filled, 1, 0, 100),
            new OrderOutcome(3, Carol, OrderState.Filled, 2, 0, 196),
        ]);
    }

    [Fact]
    public void A_stop_market_buy_enters_with_its_budget_when_a_trade_rises_to_its_trigger()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 1);
        market.Sell(2, Alice, 101, 5);
        market.Place(OrderRequest.Stop(OrderRequest.MarketBuy(3, Carol, 250), 100));

        var result = market.Buy(4, Bob, 100, 1);

        result.Fills.ShouldBe([
            new Fill(4, Bob, 1, Alice, Side.Buy, 100, 1, 0),
            new Fill(3, Carol, 2, Alice, Side.Buy, 101, 2, 3),
        ]);
        result.Outcomes[1].ShouldBe(new OrderOutcome(3, Carol, OrderState.Filled, 2, 0, 202));
    }

    [Fact]
    public void A_stop_limit_sell_that_fires_with_nothing_to_take_rests_at_its_limit()
    {
        var market = new Market();
        market.Place(OrderRequest.Stop(OrderRequest.Limit(1, Carol, Side.Sell, 99, 2), 100));

        market.TradeAt(100);

        market.Engine.StopOrderCount.ShouldBe(0);
        market.Engine.FindResting(1).ShouldBe(new RestingOrder(1, Carol, Side.Sell, 99, 2, false));
    }

    [Fact]
    public void A_waiting_stop_order_can_be_cancelled_and_then_never_fires()
    {
        var market = new Market();
        market.Place(OrderRequest.Stop(OrderRequest.Limit(1, Alice, Side.Sell, 95, 4), 100));

        market.Cancel(1).Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.Cancelled, 0, 4, 0)]);
        market.TradeAt(99);

        market.Engine.StopOrderCount.ShouldBe(0);
        market.Engine.Contains(1).ShouldBeFalse();
        market.Book.ShouldBeEmpty();
    }

    [Fact]
    public void A_waiting_stop_order_cannot_be_moved()
    {
        var market = new Market();
        var stop = OrderRequest.Stop(OrderRequest.Limit(1, Alice, Side.Buy, 105, 2), 102);
        market.Place(stop);

        var result = market.Move(1, 104);

        result.Outcome.State.ShouldBe(OrderState.Refused);
        result.Outcome.Refusal.ShouldBe(Refusal.NotMovable);
        market.Stops.ShouldBe([stop]);
    }

    [Fact]
    public void A_triggered_stop_whose_trades_reach_another_trigger_fires_that_one_too()
    {
        var market = new Market();
        market.Sell(1, Alice, 101, 1);
        market.Sell(2, Alice, 102, 1);
        market.Sell(3, Alice, 103, 1);
        market.Place(OrderRequest.Stop(OrderRequest.Limit(10, Bob, Side.Buy, 102, 1), 101));
        market.Place(OrderRequest.Stop(OrderRequest.Limit(11, Carol, Side.Buy, 103, 1), 102));

        var result = market.Buy(4, Alice, 101, 1);

        result.Fills.Select(f => (f.TakerOrderId, f.PriceTicks)).ShouldBe([(4L, 101L), (10L, 102L), (11L, 103L)]);
        result.Outcomes.Select(o => (o.OrderId, o.State)).ShouldBe([(4L, OrderState.Filled), (10L, OrderState.Filled), (11L, OrderState.Filled)]);
        market.Engine.StopOrderCount.ShouldBe(0);
        market.Book.ShouldBeEmpty();
    }

    [Fact]
    public void Stops_with_the_same_trigger_fire_in_arrival_order()
    {
        var market = new Market();
        market.Place(OrderRequest.Stop(OrderRequest.Limit(1, Alice, Side.Sell, 90, 1), 100));
        market.Place(OrderRequest.Stop(OrderRequest.Limit(2, Bob, Side.Sell, 90, 1), 100));
        market.Place(OrderRequest.Stop(OrderRequest.Limit(3, Carol, Side.Sell, 90, 1), 101));

        market.Sell(4, Alice, 100, 1);
        var result = market.Buy(5, Bob, 100, 1);

        result.Outcomes.Select(o => o.OrderId).ShouldBe([5L, 3L, 1L, 2L]);
        market.Book.Select(o => o.OrderId).ShouldBe([3L, 1L, 2L]);
    }

    [Fact]
    public void A_stop_limit_whose_price_is_outside_the_band_when_it_fires_expires_with_reason_price_limit()
    {
        var market = new Market(MatchingRules.Plain with { PriceBandPpm = 50_000 });
        market.Place(OrderRequest.Stop(OrderRequest.Limit(1, Alice, Side.Buy, 120, 1), 100));

        market.Sell(2, Bob, 100, 1);
        var result = market.Buy(3, Carol, 100, 1);

        result.Outcomes[1].ShouldBe(new OrderOutcome(1, Alice, OrderState.Expired, 0, 1, 0, ExpiryReason.PriceLimit));
        market.Book.ShouldBeEmpty();
    }
}
