using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Matching;

/// <summary>Books larger than the engine's initial pools, ladders and index, so that every one of them grows.</summary>
public sealed class LargeBookTests
{
    [Theory]
    [InlineData(Side.Sell)]
    [InlineData(Side.Buy)]
    public void A_book_of_thousands_of_orders_over_hundreds_of_levels_fills_in_price_time_order(Side restingSide)
    {
        var market = new Market();
        var random = new Random(7);
        var expected = new List<(long Id, long Price, long Lots, int Arrival)>();
        var arrival = 0;
        for (long id = 1; id <= 6_000; id++)
        {
            var price = 1_000 + random.Next(700);
            var lots = 1 + random.Next(5);
            market.Place(OrderRequest.Limit(id, 1 + (id % 3), restingSide, price, lots)).Outcome.State.ShouldBe(OrderState.Open);
            expected.Add((id, price, lots, arrival++));
        }

        // Cancel every third order and move every fifth of the rest, which sends it to the back of its new level.
        foreach (var order in expected.Where(o => o.Id % 3 == 0).ToList())
        {
            market.Cancel(order.Id).Outcome.State.ShouldBe(OrderState.Cancelled);
            expected.Remove(order);
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].Id % 5 == 0)
            {
                var moved = expected[i] with { Price = 1_000 + random.Next(700), Arrival = arrival++ };
                market.Move(moved.Id, moved.Price).Outcome.State.ShouldBe(OrderState.Open);
                expected[i] = moved;
            }
        }

        var inPriority = (restingSide == Side.Sell ? expected.OrderBy(o => o.Price) : expected.OrderByDescending(o => o.Price))
            .ThenBy(o => o.Arrival)
            .ToList();
        market.Book.Select(o => (o.OrderId, o.PriceTicks, o.Lots)).ShouldBe(inPriority.Select(o => (o.Id, o.Price, o.Lots)));
        market.Engine.Depth(restingSide, int.MaxValue).Sum(l => l.Lots).ShouldBe(expected.Sum(o => o.Lots));

        var total = expected.Sum(o => o.Lots);
        var sweep = market.Place(OrderRequest.Limit(100_000, 9, restingSide.Opposite(), restingSide == Side.Sell ? 2_000 : 1, total));

        sweep.Fills.Select(f => (f.MakerOrderId, f.PriceTicks, f.Lots)).ShouldBe(inPriority.Select(o => (o.Id, o.Price, o.Lots)));
        sweep.Outcome.State.ShouldBe(OrderState.Filled);
        market.Book.ShouldBeEmpty();
        market.Engine.BidLevels.ShouldBe(0);
        market.Engine.AskLevels.ShouldBe(0);
    }

    [Fact]
    public void Ids_come_and_go_by_the_thousand_and_each_is_still_found()
    {
        var market = new Market();
        for (var round = 0; round < 4; round++)
        {
            var first = 1 + (round * 10_000L);
            for (var id = first; id < first + 5_000; id++)
            {
                market.Buy(id, 1, 100 + (id % 50), 1);
            }

            for (var id = first; id < first + 5_000; id += 2)
            {
                market.Cancel(id).Outcome.State.ShouldBe(OrderState.Cancelled);
            }
        }

        market.Engine.RestingOrderCount.ShouldBe(4 * 2_500);
        foreach (var o in market.Book)
        {
            (o.OrderId % 2).ShouldBe(0);
            market.Engine.FindResting(o.OrderId).ShouldBe(o);
        }

        market.Engine.Contains(1).ShouldBeFalse();
        market.Engine.Contains(10_001).ShouldBeFalse();
        market.Engine.Contains(10_002).ShouldBeTrue();
    }

    [Theory]
    [InlineData(Side.Sell)]
    [InlineData(Side.Buy)]
    public void Levels_scattered_over_a_billion_ticks_stay_in_price_order_as_the_price_window_moves(Side side)
    {
        var market = new Market();
        var random = new Random(11);
        var prices = new Dictionary<long, long>();
        for (long id = 1; id <= 2_000; id++)
        {
            // Near a drifting centre, and far strays: many more than the window's 65,536 ticks apart.
            var price = random.Next(4) == 0 ? 1 + random.Next(1_000_000_000) : 500_000_000 + (id * 40) + random.Next(1_000);
            market.Place(OrderRequest.Limit(id, 1, side, price, 1)).Outcome.State.ShouldBe(OrderState.Open);
            prices[id] = price;
            if (id % 4 == 0)
            {
                var victim = prices.Keys.ElementAt(random.Next(prices.Count));
                market.Cancel(victim).Outcome.State.ShouldBe(OrderState.Cancelled);
                prices.Remove(victim);
            }
        }

        var levels = market.Engine.Depth(side, int.MaxValue).Select(l => l.PriceTicks).ToList();
        var expected = prices.Values.Distinct().ToList();
        expected.Sort();
        if (side == Side.Buy)
        {
            expected.Reverse();
        }

        levels.ShouldBe(expected);
        market.Engine.RestingOrderCount.ShouldBe(prices.Count);
        (side == Side.Buy ? market.Engine.BestBidTicks : market.Engine.BestAskTicks).ShouldBe(expected[0]);
    }
}
