using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class PostOnlyTests
{
    [Fact]
    public void A_post_only_order_that_does_not_cross_rests_as_a_maker()
    {
        var market = new Market();
        market.Sell(1, Alice, 101, 1);

        var result = market.Buy(2, Bob, 100, 3, TimeInForce.PostOnly);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Open, 0, 3, 0)]);
        market.Engine.FindResting(2).ShouldBe(new RestingOrder(2, Bob, Side.Buy, 100, 3, true));
    }

    [Fact]
    public void A_post_only_order_that_would_take_expires_with_reason_post_only()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 1);
        var before = market.Book;

        var result = market.Buy(2, Bob, 100, 3, TimeInForce.PostOnly);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Expired, 0, 3, 0, ExpiryReason.PostOnly)]);
        market.Book.ShouldBe(before);
        market.Engine.LastTradePriceTicks.ShouldBe(0);
    }

    [Fact]
    public void A_post_only_sell_at_or_below_the_best_bid_expires_with_reason_post_only()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 1);
        var before = market.Book;

        var result = market.Sell(2, Bob, 99, 1, TimeInForce.PostOnly);

        result.Fills.ShouldBeEmpty();
        result.Outcome.State.ShouldBe(OrderState.Expired);
        result.Outcome.Expiry.ShouldBe(ExpiryReason.PostOnly);
        market.Book.ShouldBe(before);
    }

    [Fact]
    public void A_resting_post_only_order_fills_as_a_maker()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 2, TimeInForce.PostOnly);

        var result = market.Buy(2, Bob, 100, 1);

        result.Fills.ShouldBe([new Fill(2, Bob, 1, Alice, Side.Buy, 100, 1, 1)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Sell, 100, 1, true)]);
    }
}
