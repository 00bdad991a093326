using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class CancelTests
{
    [Fact]
    public void Cancelling_a_resting_order_releases_its_remaining_lots()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 5);
        market.Buy(2, Bob, 100, 1);

        var result = market.Cancel(1);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.Cancelled, 0, 5, 0)]);
        market.Book.ShouldBe([new RestingOrder(2, Bob, Side.Buy, 100, 1, false)]);
        market.Engine.Depth(Side.Buy, 5).ShouldBe([new DepthLevel(100, 1, 1)]);
        market.Engine.Contains(1).ShouldBeFalse();
    }

    [Fact]
    public void Cancelling_a_partially_filled_order_releases_only_what_is_left()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 5);
        market.Buy(2, Bob, 100, 2);

        var result = market.Cancel(1);

        result.Outcomes.ShouldBe([new OrderOutcome(1, Alice, OrderState.Cancelled, 0, 3, 0)]);
        market.Book.ShouldBeEmpty();
    }

    [Fact]
    public void Cancelling_the_last_order_at_a_price_removes_the_level()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 1);
        market.Sell(2, Alice, 101, 1);

        market.Cancel(1);

        market.Engine.AskLevels.ShouldBe(1);
        market.Engine.BestAskTicks.ShouldBe(101);
    }

    [Fact]
    public void Cancelling_an_unknown_order_is_refused_as_unknown_order()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 1);
        var before = market.Book;

        var result = market.Cancel(7);

        result.Outcomes.ShouldBe([new OrderOutcome(7, 0, OrderState.Refused, 0, 0, 0, Refusal: Refusal.UnknownOrder)]);
        market.Book.ShouldBe(before);
    }

    [Fact]
    public void An_order_cannot_be_cancelled_twice_nor_after_it_filled()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 1);
        market.Sell(2, Bob, 101, 1);
        market.Cancel(1);
        market.Buy(3, Carol, 101, 1);

        market.Cancel(1).Outcome.Refusal.ShouldBe(Refusal.UnknownOrder);
        market.Cancel(2).Outcome.Refusal.ShouldBe(Refusal.UnknownOrder);
    }
}
