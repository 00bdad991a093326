using Kinko.Trading.Matching;
using static Kinko.Trading.Tests.Matching.Market;

namespace Kinko.Trading.Tests.Matching;

public sealed class MarketOrderTests
{
    /// <summary>100 quote minor units per tick and lot and a 0.25% taker fee: one lot at 100 costs 10,000 plus 25.</summary>
    private static readonly MatchingRules WithFees = new(1, 100, 0, 2_500, 0, false);

    [Fact]
    public void A_market_sell_takes_its_lots_from_the_best_bids_down()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 2);
        market.Buy(2, Alice, 101, 2);

        var result = market.Place(OrderRequest.MarketSell(3, Bob, 3));

        result.Fills.ShouldBe([
            new Fill(3, Bob, 2, Alice, Side.Sell, 101, 2, 0),
            new Fill(3, Bob, 1, Alice, Side.Sell, 100, 1, 1),
        ]);
        result.Outcomes.ShouldBe([new OrderOutcome(3, Bob, OrderState.Filled, 3, 0, 302)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Buy, 100, 1, false)]);
    }

    [Fact]
    public void A_market_sell_larger_than_the_bids_expires_unfilled_market_with_what_it_filled()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 2);

        var result = market.Place(OrderRequest.MarketSell(2, Bob, 5));

        result.Fills.ShouldHaveSingleItem().Lots.ShouldBe(2);
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Expired, 2, 3, 200, ExpiryReason.UnfilledMarket)]);
        market.Book.ShouldBeEmpty();
    }

    [Fact]
    public void A_market_sell_on_an_empty_book_expires_unfilled_market()
    {
        var market = new Market();
        market.Sell(1, Alice, 100, 1);

        var result = market.Place(OrderRequest.MarketSell(2, Bob, 4));

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Expired, 0, 4, 0, ExpiryReason.UnfilledMarket)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Sell, 100, 1, false)]);
    }

    [Fact]
    public void A_market_buy_spends_its_budget_including_the_taker_fee()
    {
        var market = new Market(WithFees);
        market.Sell(1, Alice, 100, 5);

        var result = market.Place(OrderRequest.MarketBuy(2, Bob, 30_000));

        // Two lots cost 20,000 + 50 in fees; a third would make 30,075.
        result.Fills.ShouldBe([new Fill(2, Bob, 1, Alice, Side.Buy, 100, 2, 3)]);
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Filled, 2, 0, 20_000)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Sell, 100, 3, false)]);
    }

    [Fact]
    public void A_market_buy_budget_that_fits_exactly_buys_the_last_lot()
    {
        var market = new Market(WithFees);
        market.Sell(1, Alice, 100, 5);

        var result = market.Place(OrderRequest.MarketBuy(2, Bob, 30_075));

        result.Outcome.FilledLots.ShouldBe(3);
        result.Outcome.State.ShouldBe(OrderState.Filled);
    }

    [Fact]
    public void A_market_buy_across_levels_pays_each_fill_and_its_fee_out_of_the_budget()
    {
        var market = new Market(WithFees);
        market.Sell(1, Alice, 100, 1);
        market.Sell(2, Alice, 101, 1);
        market.Sell(3, Alice, 102, 5);
        const long budget = 40_000;

        var result = market.Place(OrderRequest.MarketBuy(4, Bob, budget));

        // 10,000 + 25, then 10,100 + 26, then 10,200 + 26 leaves 9,623: not enough for another lot at 102.
        result.Fills.Select(f => (f.PriceTicks, f.Lots)).ShouldBe([(100L, 1L), (101L, 1L), (102L, 1L)]);
        result.Outcomes.ShouldBe([new OrderOutcome(4, Bob, OrderState.Filled, 3, 0, 30_300)]);
        var spent = result.Fills.ToArray().Sum(f => FeeMath.WithTakerFee(f.PriceTicks * f.Lots * WithFees.NotionalPerTickLot, WithFees.TakerFeePpm));
        spent.ShouldBe(30_377);
        spent.ShouldBeLessThanOrEqualTo(budget);
        (budget - spent).ShouldBeLessThan(FeeMath.WithTakerFee(102 * WithFees.NotionalPerTickLot, WithFees.TakerFeePpm));
    }

    [Fact]
    public void A_market_buy_budget_that_exhausts_the_book_expires_unfilled_market_with_what_it_filled()
    {
        var market = new Market(WithFees);
        market.Sell(1, Alice, 100, 2);

        var result = market.Place(OrderRequest.MarketBuy(2, Bob, 1_000_000));

        result.Fills.ShouldHaveSingleItem().Lots.ShouldBe(2);
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Expired, 2, 0, 20_000, ExpiryReason.UnfilledMarket)]);
        market.Book.ShouldBeEmpty();
    }

    [Fact]
    public void A_market_buy_whose_budget_exactly_buys_the_whole_book_is_filled()
    {
        var market = new Market(WithFees);
        market.Sell(1, Alice, 100, 2);
        var exact = FeeMath.WithTakerFee(2 * 100 * WithFees.NotionalPerTickLot, WithFees.TakerFeePpm);

        var result = market.Place(OrderRequest.MarketBuy(2, Bob, exact));

        result.Fills.ShouldHaveSingleItem().Lots.ShouldBe(2);
        result.Outcome.State.ShouldBe(OrderState.Filled);
        market.Book.ShouldBeEmpty();
    }

    [Fact]
    public void A_market_buy_budget_too_small_for_one_lot_expires_unfilled_market_with_nothing_filled()
    {
        var market = new Market(WithFees);
        market.Sell(1, Alice, 100, 2);

        var result = market.Place(OrderRequest.MarketBuy(2, Bob, 10_024));

        result.Fills.ShouldBeEmpty();
        result.Outcomes.ShouldBe([new OrderOutcome(2, Bob, OrderState.Expired, 0, 0, 0, ExpiryReason.UnfilledMarket)]);
        market.Book.ShouldBe([new RestingOrder(1, Alice, Side.Sell, 100, 2, false)]);
        market.Engine.LastTradePriceTicks.ShouldBe(0);
    }

    [Fact]
    public void A_market_buy_on_an_empty_book_expires_unfilled_market()
    {
        var market = new Market();

        var result = market.Place(OrderRequest.MarketBuy(1, Bob, 1_000));

        result.Fills.ShouldBeEmpty();
        result.Outcome.State.ShouldBe(OrderState.Expired);
        result.Outcome.Expiry.ShouldBe(ExpiryReason.UnfilledMarket);
    }

    // The orders beyond the band rested before the trade at 100 set the band to 95..105.
    [Fact]
    public void A_market_buy_stops_at_the_band_edge_and_expires_with_reason_price_limit()
    {
        var market = new Market(MatchingRules.Plain with { PriceBandPpm = 50_000 });
        market.Sell(1, Alice, 104, 1);
        market.Sell(2, Alice, 105, 1);
        market.Sell(3, Alice, 106, 1);
        market.TradeAt(100);

        var result = market.Place(OrderRequest.MarketBuy(4, Bob, 1_000_000));

        result.Fills.Select(f => f.PriceTicks).ShouldBe([104L, 105L]);
        result.Outcomes.ShouldBe([new OrderOutcome(4, Bob, OrderState.Expired, 2, 0, 209, ExpiryReason.PriceLimit)]);
        market.Book.ShouldBe([new RestingOrder(3, Alice, Side.Sell, 106, 1, false)]);
    }

    // The orders beyond the band rested before the trade at 100 set the band to 95..105.
    [Fact]
    public void A_market_sell_stops_at_the_band_edge_and_expires_with_reason_price_limit()
    {
        var market = new Market(MatchingRules.Plain with { PriceBandPpm = 50_000 });
        market.Buy(1, Alice, 96, 1);
        market.Buy(2, Alice, 95, 1);
        market.Buy(3, Alice, 94, 1);
        market.TradeAt(100);

        var result = market.Place(OrderRequest.MarketSell(4, Bob, 5));

        result.Fills.Select(f => f.PriceTicks).ShouldBe([96L, 95L]);
        result.Outcomes.ShouldBe([new OrderOutcome(4, Bob, OrderState.Expired, 2, 3, 191, ExpiryReason.PriceLimit)]);
        market.Book.ShouldBe([new RestingOrder(3, Alice, Side.Buy, 94, 1, false)]);
    }

    [Fact]
    public void A_market_order_never_rests()
    {
        var market = new Market();
        market.Buy(1, Alice, 100, 1);

        market.Place(OrderRequest.MarketSell(2, Bob, 3));
        market.Place(OrderRequest.MarketBuy(3, Bob, 500));

        market.Book.ShouldBeEmpty();
        market.Engine.Contains(2).ShouldBeFalse();
        market.Engine.Contains(3).ShouldBeFalse();
    }
}
