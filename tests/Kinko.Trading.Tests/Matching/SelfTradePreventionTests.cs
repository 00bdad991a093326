using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class SelfTradePreventionTests
{
    private static readonly MatchingRules Stp = MatchingRules.Plain with { SelfTradePrevention = true };

    [Fact]
    public void An_order_that_meets_its_own_resting_order_expires_with_reason_self_trade_prevention_keeping_earlier_fills()
    {
        var market = new Market(Stp);
        market.Sell(1, Alice, 100, 1);
        market.Sell(2, Bob, 100, 1);
        market.Sell(3, Alice, 101, 1);

        var result = market.Buy(4, Bob, 101, 3);

        result.Fills.ShouldBe([new Fill(4, Bob, 1, Alice, Side.Buy, 100, 1, 0)]);
        result.Outcomes.ShouldBe([new OrderOutcome(4, Bob, OrderState.Expired, 1, 2, 100, ExpiryReason.SelfTradePrevention, PreventedMatchId: 2)]);
        market.Book.ShouldBe([
            new RestingOrder(2, Bob, Side.Sell, 100, 1, false),
            new RestingOrder(3, Alice, Side.Sell, 101, 1, false),
        ]);
    }

    [Fact]
    public void An_order_whose_first_match_is_its_own_expires_with_nothing_filled()
    {
        var market = new Market(Stp);
        market.Buy(1, Alice, 100, 3);
        var before = market.Book;

        var result = market.Sell(2, Alice, 99, 1);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(2, Alice, OrderState.Expired, 0, 1, 0, ExpiryReason.SelfTradePrevention, PreventedMatchId: 1)]);
        market.Book.ShouldBe(before);
    }

    [Fact]
    public void A_market_order_that_meets_its_own_resting_order_expires_with_reason_self_trade_prevention()
    {
        var market = new Market(Stp);
        market.Buy(1, Bob, 101, 1);
        market.Buy(2, Alice, 100, 1);

        var result = market.Place(OrderRequest.MarketSell(3, Alice, 5));

        result.Fills.ShouldHaveSingleItem().MakerOrderId.ShouldBe(1);
        result.Outcome.Expiry.ShouldBe(ExpiryReason.SelfTradePrevention);
        result.Outcome.PreventedMatchId.ShouldBe(2);
        market.Book.ShouldBe([new RestingOrder(2, Alice, Side.Buy, 100, 1, false)]);
    }

    [Fact]
    public void A_market_buy_whose_budget_runs_out_before_its_own_resting_order_is_filled_not_expired_by_self_trade_prevention()
    {
        var market = new Market(Stp);
        market.Sell(1, Alice, 100, 5);
        market.Sell(2, Bob, 100, 5);

        var result = market.Place(OrderRequest.MarketBuy(3, Bob, 250));

        result.Fills.ShouldBe([new Fill(3, Bob, 1, Alice, Side.Buy, 100, 2, 3)]);
        result.Outcomes.ShouldBe([new OrderOutcome(3, Bob, OrderState.Filled, 2, 0, 200)]);
        market.Book.ShouldBe([
            new RestingOrder(1, Alice, Side.Sell, 100, 3, false),
            new RestingOrder(2, Bob, Side.Sell, 100, 5, false),
        ]);
    }

    [Fact]
    public void Without_self_trade_prevention_an_account_trades_with_itself()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 1);

        var result = market.Buy(2, Alice, 100, 1);

        result.Fills.ShouldBe([new Fill(2, Alice, 1, Alice, Side.Buy, 100, 1, 0)]);
        result.Outcome.State.ShouldBe(OrderState.Filled);
    }
}
