using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class ImmediateOrCancelTests
{
    [Fact]
    public void An_immediate_or_cancel_order_fills_what_it_can_and_the_rest_expires()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 2);
        market.Sell(2, Alice, 102, 2);

        var result = market.Buy(3, Bob, 101, 5, TimeInForce.ImmediateOrCancel);

        result.Fills.ShouldBe([new Fill(3, Bob, 1, Alice, Side.Buy, 100, 2, 0)]);
        result.Outcomes.ShouldBe([new OrderOutcome(3, Bob, OrderState.Expired, 2, 3, 200, ExpiryReason.ImmediateOrCancel)]);
        market.Book.ShouldBe([new RestingOrder(2, Alice, Side.Sell, 102, 2, false)]);
    }

    [Fact]
    public void An_immediate_or_cancel_order_that_fills_completely_is_filled()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 5);

        var result = market.Sell(2, Bob, 100, 5, TimeInForce.ImmediateOrCancel);

        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Filled, 5, 0, 500)]);
        market.Book.ShouldBeEmpty();
    }

    [Fact]
    public void An_immediate_or_cancel_order_that_crosses_nothing_expires_without_resting()
    {
        var market = new Market();
        market.Sell(1, Alice, 101, 1);

        var result = market.Buy(2, Bob, 100, 5, TimeInForce.ImmediateOrCancel);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Expired, 0, 5, 0, ExpiryReason.ImmediateOrCancel)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Sell, 101, 1, false)]);
    }
}
