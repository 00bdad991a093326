using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class MoveTests
{
    [Fact]
    public void A_moved_order_keeps_its_id_and_remaining_lots_at_the_new_price()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 4);

        var result = market.Move(1, 98);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.Open, 0, 4, 0)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Buy, 98, 4, false)]);
        market.Engine.BidLevels.ShouldBe(1);
    }

    [Fact]
    public void An_order_moved_to_a_level_goes_behind_the_orders_already_there()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 1);
        market.Buy(2, Bob, 99, 1);
        market.Buy(3, Carol, 99, 1);

        market.Move(1, 99);

        market.Book.Select(o => o.OrderId).ShouldBe([2L, 3L, 1L]);
        market.Sell(4, Bob, 99, 1).Fills.ShouldHaveSingleItem().MakerOrderId.ShouldBe(2);
    }

    [Fact]
    public void An_order_moved_to_its_own_price_loses_its_time_priority()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 1);
        market.Sell(2, Bob, 100, 1);

        market.Move(1, 100);

        market.Book.Select(o => o.OrderId).ShouldBe([2L, 1L]);
    }

    [Fact]
    public void A_partially_filled_order_moves_with_what_is_left()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 5);
        market.Buy(2, Bob, 100, 2);

        market.Move(1, 103).Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.Open, 0, 3, 0)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Sell, 103, 3, false)]);
    }

    [Fact]
    public void An_order_moved_across_the_spread_trades_at_once_and_rests_the_rest()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 3);
        market.Sell(2, Bob, 102, 2);

        var result = market.Move(1, 102);

        result.Fills.ShouldBe([new Fill(1, Alice, 2, Bob, Side.Buy, 102, 2, 0)]);
        result.Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.Open, 2, 1, 204)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Buy, 102, 1, false)]);
    }

    [Fact]
    public void A_post_only_order_stays_post_only_when_moved()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 1, TimeInForce.PostOnly);
        market.Sell(2, Bob, 102, 1);

        market.Move(1, 101);
        market.Engine.FindResting(1).ShouldBe(new RestingOrder(1, Alice, Side.Buy, 101, 1, true));

        var result = market.Move(1, 102);
        result.Fills.ShouldBeEmpty();
        result.Outcome.Expiry.ShouldBe(ExpiryReason.PostOnly);
        market.Book.ShouldBe([new RestingOrder(2, Bob, Side.Sell, 102, 1, false)]);
    }

    [Fact]
    public void A_move_outside_the_band_is_refused_and_the_order_keeps_its_price_and_priority()
    {
        var market = new Market(MatchingRules.Plain with { PriceBandPpm = 50_000 });
        market.TradeAt(100);
        market.Buy(1, Alice, 99, 2);
        market.Buy(2, Bob, 99, 2);
        var before = market.Book;

        var result = market.Move(1, 94);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.Refused, 0, 2, 0, Refusal: Refusal.PriceOutOfBand)]);
        market.Book.ShouldBe(before);
    }

    [Fact]
    public void A_move_to_a_price_that_is_not_positive_is_refused_as_invalid_price()
    {
        var market = new Market();
        market.Buy(1, Alice, 99, 2);
        var before = market.Book;

        market.Move(1, 0).Outcome.Refusal.ShouldBe(Refusal.InvalidPrice);
        market.Book.ShouldBe(before);
    }

    [Fact]
    public void Moving_an_unknown_order_is_refused_as_unknown_order()
    {
        var market = new Market();
        market.Buy(1, Alice, 99, 2);
        var before = market.Book;

        market.Move(5, 100).Outcomes.ShouldBe([new OrderOutcome(5, 0, OrderState.Refused, 0, 0, 0, Refusal: Refusal.UnknownOrder)]);
        market.Book.ShouldBe(before);
    }
}
