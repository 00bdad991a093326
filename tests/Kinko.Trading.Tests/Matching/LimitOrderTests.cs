using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class LimitOrderTests
{
    [Fact]
    public void A_limit_order_that_crosses_nothing_rests_on_the_book()
    {
        var market = new Market();

        var result = market.Buy(1, Alice, 100, 5);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.Open, 0, 5, 0)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Buy, 100, 5, false)]);
        market.Engine.BestBidTicks.ShouldBe(100);
        market.Engine.BestAskTicks.ShouldBe(0);
        market.Engine.LastTradePriceTicks.ShouldBe(0);
    }

    [Fact]
    public void Orders_on_both_sides_that_do_not_cross_both_rest()
    {
        var market = new Market();

        market.Buy(1, Alice, 99, 1);
        market.Sell(2, Bob, 101, 1).Fills.ShouldBeEmpty();

        market.Engine.BestBidTicks.ShouldBe(99);
        market.Engine.BestAskTicks.ShouldBe(101);
        market.Engine.RestingOrderCount.ShouldBe(2);
    }

    [Fact]
    public void A_buy_that_crosses_trades_at_the_resting_price_giving_the_taker_the_better_price()
    {
        var market = new Market(MatchingRules.Plain with { NotionalPerTickLot = 10 });
        market.Sell(1, Alice, 100, 5);

        var result = market.Buy(2, Bob, 105, 5);

        result.Fills.ShouldBe([new Fill(2, Bob, 1, Alice, Side.Buy, 100, 5, 0)]);
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Filled, 5, 0, 100 * 5 * 10)]);
        market.Book.ShouldBeEmpty();
        market.Engine.LastTradePriceTicks.ShouldBe(100);
    }

    [Fact]
    public void A_sell_that_crosses_trades_at_the_resting_bid_price()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 2);

        var result = market.Sell(2, Bob, 95, 2);

        result.Fills.ShouldBe([new Fill(2, Bob, 1, Alice, Side.Sell, 100, 2, 0)]);
        result.Outcome.State.ShouldBe(OrderState.Filled);
        result.Outcome.FilledNotional.ShouldBe(200);
    }

    [Fact]
    public void A_partially_filled_order_rests_its_remainder_at_its_own_price()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 3);

        var result = market.Buy(2, Bob, 101, 5);

        result.Fills.ShouldBe([new Fill(2, Bob, 1, Alice, Side.Buy, 100, 3, 0)]);
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Open, 3, 2, 300)]);
        market.Book.ShouldBe([new RestingOrder(2, Bob, Side.Buy, 101, 2, false)]);
        market.Engine.AskLevels.ShouldBe(0);
    }

    [Fact]
    public void A_crossing_order_sweeps_several_levels_best_price_first()
    {
        var market = new Market();
        market.Sell(1, Alice, 102, 1);
        market.Sell(2, Alice, 100, 1);
        market.Sell(3, Alice, 101, 1);
        market.Sell(4, Alice, 103, 1);

        var result = market.Buy(5, Bob, 102, 4);

        result.Fills.Select(f => (f.MakerOrderId, f.PriceTicks)).ShouldBe([(2L, 100L), (3L, 101L), (1L, 102L)]);
        result.Outcomes.ShouldBe([new OrderOutcome(5, Bob, OrderState.Open, 3, 1, 303)]);
        market.Book.ShouldBe([
            new RestingOrder(5, Bob, Side.Buy, 102, 1, false),
            new RestingOrder(4, Alice, Side.Sell, 103, 1, false),
        ]);
        market.Engine.LastTradePriceTicks.ShouldBe(102);
    }

    [Fact]
    public void A_sell_sweeps_bids_from_the_highest_price_down()
    {
        var market = new Market();
        market.Buy(1, Alice, 98, 1);
        market.Buy(2, Alice, 100, 1);
        market.Buy(3, Alice, 99, 1);

        var result = market.Sell(4, Bob, 98, 3);

        result.Fills.Select(f => f.PriceTicks).ShouldBe([100L, 99L, 98L]);
        result.Outcome.State.ShouldBe(OrderState.Filled);
    }

    [Fact]
    public void Orders_at_one_price_fill_first_in_first_out()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 2);
        market.Sell(2, Bob, 100, 2);
        market.Sell(3, Alice, 100, 2);

        var result = market.Buy(4, Carol, 100, 3);

        result.Fills.ShouldBe([
            new Fill(4, Carol, 1, Alice, Side.Buy, 100, 2, 0),
            new Fill(4, Carol, 2, Bob, Side.Buy, 100, 1, 1),
        ]);
        market.Book.ShouldBe([
            new RestingOrder(2, Bob, Side.Sell, 100, 1, false),
            new RestingOrder(3, Alice, Side.Sell, 100, 2, false),
        ]);
    }

    [Fact]
    public void A_partially_filled_maker_keeps_its_place_at_the_front_of_its_level()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 5);
        market.Sell(2, Bob, 100, 5);
        market.Buy(3, Carol, 100, 2);

        var result = market.Buy(4, Carol, 100, 1);

        result.Fills.ShouldBe([new Fill(4, Carol, 1, Alice, Side.Buy, 100, 1, 2)]);
    }

    [Fact]
    public void An_order_that_fills_completely_is_filled_and_does_not_rest()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 2);
        market.Sell(2, Alice, 101, 3);

        var result = market.Buy(3, Bob, 101, 5);

        result.Outcomes.ShouldBe([new OrderOutcome(3, Bob, OrderState.Filled, 5, 0, 200 + 303)]);
        market.Book.ShouldBeEmpty();
        market.Engine.Contains(3).ShouldBeFalse();
    }

    [Fact]
    public void Each_maker_fill_reports_what_is_left_of_the_maker()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 10);

        market.Buy(2, Bob, 100, 3).Fills.ShouldHaveSingleItem().MakerRemainingLots.ShouldBe(7);
        market.Buy(3, Bob, 100, 7).Fills.ShouldHaveSingleItem().MakerRemainingLots.ShouldBe(0);
        market.Engine.Contains(1).ShouldBeFalse();
    }

    [Fact]
    public void Depth_aggregates_lots_and_orders_per_level_best_first()
    {
        var market = new Market();
        market.Buy(1, Alice, 99, 2);
        market.Buy(2, Bob, 100, 3);
        market.Buy(3, Carol, 99, 4);
        market.Sell(4, Alice, 101, 1);

        market.Engine.Depth(Side.Buy, 10).ShouldBe([new DepthLevel(100, 3, 1), new DepthLevel(99, 6, 2)]);
        market.Engine.Depth(Side.Buy, 1).ShouldBe([new DepthLevel(100, 3, 1)]);
        market.Engine.Depth(Side.Sell, 10).ShouldBe([new DepthLevel(101, 1, 1)]);
        market.Engine.BidLevels.ShouldBe(2);
        market.Engine.AskLevels.ShouldBe(1);
    }

    [Fact]
    public void A_level_emptied_by_a_fill_disappears_from_the_book()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 1);
        market.Sell(2, Alice, 101, 1);

        market.Buy(3, Bob, 100, 1);

        market.Engine.AskLevels.ShouldBe(1);
        market.Engine.BestAskTicks.ShouldBe(101);
    }
}
