using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class FillOrKillTests
{
    [Fact]
    public void A_fill_or_kill_order_with_enough_liquidity_across_levels_fills_completely()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 2);
        market.Sell(2, Alice, 101, 2);

        var result = market.Buy(3, Bob, 101, 3, TimeInForce.FillOrKill);

        result.Fills.Select(f => (f.PriceTicks, f.Lots)).ShouldBe([(100L, 2L), (101L, 1L)]);
        result.Outcomes.ShouldBe([new OrderOutcome(3, Bob, OrderState.Filled, 3, 0, 301)]);
        market.Book.ShouldBe([new RestingOrder(2, Alice, Side.Sell, 101, 1, false)]);
    }

    [Fact]
    public void A_fill_or_kill_order_without_enough_liquidity_expires_with_no_fills_and_the_book_unchanged()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 2);
        market.Sell(2, Alice, 101, 2);
        var before = market.Book;

        var result = market.Buy(3, Bob, 101, 5, TimeInForce.FillOrKill);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(3, Bob, OrderState.Expired, 0, 5, 0, ExpiryReason.FillOrKill)]);
        market.Book.ShouldBe(before);
        market.Engine.LastTradePriceTicks.ShouldBe(0);
    }

    [Fact]
    public void Liquidity_beyond_the_fill_or_kill_limit_price_does_not_count()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 2);
        market.Buy(2, Alice, 98, 5);
        var before = market.Book;

        var result = market.Sell(3, Bob, 99, 3, TimeInForce.FillOrKill);

        result.Fills.ShouldBeEmpty();
        result.Outcome.Expiry.ShouldBe(ExpiryReason.FillOrKill);
        market.Book.ShouldBe(before);
    }

    [Fact]
    public void A_fill_or_kill_order_that_self_trade_prevention_would_stop_expires_fill_or_kill_with_the_book_unchanged()
    {
        var market = new Market(MatchingRules.Plain with { SelfTradePrevention = true });
        market.Sell(1, Alice, 100, 2);
        market.Sell(2, Bob, 100, 2);
        market.Sell(3, Alice, 101, 5);
        var before = market.Book;

        var result = market.Buy(4, Bob, 101, 3, TimeInForce.FillOrKill);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(4, Bob, OrderState.Expired, 0, 3, 0, ExpiryReason.FillOrKill)]);
        market.Book.ShouldBe(before);
    }

    [Fact]
    public void A_fill_or_kill_order_filled_before_it_reaches_its_own_resting_order_fills()
    {
        var market = new Market(MatchingRules.Plain with { SelfTradePrevention = true });
        market.Sell(1, Alice, 100, 2);
        market.Sell(2, Bob, 100, 2);

        var result = market.Buy(3, Bob, 100, 2, TimeInForce.FillOrKill);

        result.Fills.ShouldBe([new Fill(3, Bob, 1, Alice, Side.Buy, 100, 2, 0)]);
        result.Outcome.State.ShouldBe(OrderState.Filled);
        market.Book.ShouldBe([new RestingOrder(2, Bob, Side.Sell, 100, 2, false)]);
    }
}
