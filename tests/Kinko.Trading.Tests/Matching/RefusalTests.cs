using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class RefusalTests
{
    /// <summary>Five lots minimum and a 5% band around the last trade, which is 100.</summary>
    private static Market BusyMarket()
    {
        var market = new Market(MatchingRules.Plain with { MinLots = 5, PriceBandPpm = 50_000 });
        market.TradeAt(100);
        market.Buy(1, Alice, 99, 5);
        market.Sell(2, Bob, 101, 5);
        market.Place(OrderRequest.Stop(OrderRequest.Limit(3, Carol, Side.Buy, 103, 5), 102));
        return market;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_limit_order_for_no_lots_is_refused_as_invalid_amount(long lots) =>
        ShouldBeRefused(OrderRequest.Limit(10, Alice, Side.Buy, 100, lots), Refusal.InvalidAmount);

    [Fact]
    public void A_market_sell_for_no_lots_is_refused_as_invalid_amount() =>
        ShouldBeRefused(OrderRequest.MarketSell(10, Alice, 0), Refusal.InvalidAmount);

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void A_market_buy_without_a_positive_budget_is_refused_as_invalid_amount(long budget) =>
        ShouldBeRefused(OrderRequest.MarketBuy(10, Alice, budget), Refusal.InvalidAmount);

    [Fact]
    public void A_limit_order_below_the_minimum_lots_is_refused_as_below_minimum() =>
        ShouldBeRefused(OrderRequest.Limit(10, Alice, Side.Sell, 99, 4), Refusal.BelowMinimum);

    [Fact]
    public void A_market_sell_below_the_minimum_lots_is_refused_as_below_minimum() =>
        ShouldBeRefused(OrderRequest.MarketSell(10, Alice, 4), Refusal.BelowMinimum);

    [Fact]
    public void A_stop_order_below_the_minimum_lots_is_refused_as_below_minimum() =>
        ShouldBeRefused(OrderRequest.Stop(OrderRequest.Limit(10, Alice, Side.Sell, 99, 1), 98), Refusal.BelowMinimum);

    [Theory]
    [InlineData(0)]
    [InlineData(-101)]
    public void A_limit_order_without_a_positive_price_is_refused_as_invalid_price(long priceTicks) =>
        ShouldBeRefused(OrderRequest.Limit(10, Alice, Side.Buy, priceTicks, 5), Refusal.InvalidPrice);

    [Fact]
    public void A_stop_limit_order_without_a_positive_price_is_refused_as_invalid_price() =>
        ShouldBeRefused(OrderRequest.Stop(OrderRequest.Limit(10, Alice, Side.Buy, 0, 5), 102), Refusal.InvalidPrice);

    [Theory]
    [InlineData(Side.Buy, 94)]
    [InlineData(Side.Buy, 106)]
    [InlineData(Side.Sell, 94)]
    [InlineData(Side.Sell, 1_000)]
    public void A_limit_price_outside_the_band_is_refused_as_price_out_of_band(Side side, long priceTicks) =>
        ShouldBeRefused(OrderRequest.Limit(10, Alice, side, priceTicks, 5), Refusal.PriceOutOfBand);

    [Theory]
    [InlineData(95)]
    [InlineData(105)]
    public void A_limit_price_on_the_band_edge_is_accepted(long priceTicks)
    {
        var market = BusyMarket();

        market.Buy(10, Alice, priceTicks, 5).Outcome.State.ShouldNotBe(OrderState.Refused);
    }

    [Fact]
    public void Before_the_first_trade_there_is_no_band()
    {
        var market = new Market(MatchingRules.Plain with { PriceBandPpm = 50_000 });

        market.Buy(1, Alice, 1, 1).Outcome.State.ShouldBe(OrderState.Open);
        market.Sell(2, Alice, 1_000_000, 1).Outcome.State.ShouldBe(OrderState.Open);
    }

    [Fact]
    public void An_order_id_already_resting_is_refused_as_duplicate_order_id() =>
        ShouldBeRefused(OrderRequest.Limit(1, Bob, Side.Sell, 104, 5), Refusal.DuplicateOrderId);

    [Fact]
    public void An_order_id_of_a_waiting_stop_order_is_refused_as_duplicate_order_id() =>
        ShouldBeRefused(OrderRequest.MarketSell(3, Bob, 5), Refusal.DuplicateOrderId);

    [Fact]
    public void A_stop_order_reusing_a_resting_order_id_is_refused_as_duplicate_order_id() =>
        ShouldBeRefused(OrderRequest.Stop(OrderRequest.MarketSell(2, Bob, 5), 98), Refusal.DuplicateOrderId);

    [Fact]
    public void Too_many_resting_orders_are_refused_as_too_many_orders()
    {
        var market = new Market(MatchingRules.Plain with { MaxRestingOrders = 2 });
        market.Buy(1, Alice, 99, 1);
        market.Buy(2, Alice, 98, 1);
        var before = market.Book;

        market.Buy(3, Alice, 97, 1).Outcome.Refusal.ShouldBe(Refusal.TooManyOrders);
        market.Book.ShouldBe(before);
    }

    private static void ShouldBeRefused(OrderRequest order, Refusal refusal)
    {
        var market = BusyMarket();
        var book = market.Book;
        var stops = market.Stops;
        var lastTrade = market.Engine.LastTradePriceTicks;

        var result = market.Place(order);

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(order.OrderId, order.AccountId, OrderState.Refused, 0, order.Lots, 0, Refusal: refusal)]);
        market.Book.ShouldBe(book);
        market.Stops.ShouldBe(stops);
        market.Engine.LastTradePriceTicks.ShouldBe(lastTrade);
    }
}
