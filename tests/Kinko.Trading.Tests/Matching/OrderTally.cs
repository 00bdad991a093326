using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Matching;

/// <summary>
/// What every accepted order asked for and what it has filled so far, as maker and as taker, so
/// that a stream of commands can be checked against the engine's book after each one.
/// </summary>
internal sealed class OrderTally(MatchingRules rules)
{
    private readonly Dictionary<long, OrderRequest> _orders = [];
    private readonly Dictionary<long, long> _filled = [];
    private readonly Dictionary<long, long> _spent = [];

    /// <summary>Books the result of one command and checks it on its own.</summary>
    public void Record(Command command, Result result, string step)
    {
        if (command is PlaceCommand place && result.Outcome.State != OrderState.Refused)
        {
            // An id may come back once its order has left the engine; the new order starts afresh.
            _orders[place.Order.OrderId] = place.Order;
            _filled.Remove(place.Order.OrderId);
            _spent.Remove(place.Order.OrderId);
        }

        if (command is MoveCommand move && result.Outcome.State != OrderState.Refused)
        {
            _orders[move.OrderId] = _orders[move.OrderId] with { PriceTicks = move.NewPriceTicks };
        }

        foreach (var fill in result.Fills)
        {
            fill.Lots.ShouldBeGreaterThan(0, step);
            fill.MakerRemainingLots.ShouldBeGreaterThanOrEqualTo(0, step);
            var taker = _orders[fill.TakerOrderId];
            var maker = _orders[fill.MakerOrderId];
            fill.TakerSide.ShouldBe(taker.Side, step);
            maker.Side.ShouldBe(taker.Side.Opposite(), step);
            if (rules.SelfTradePrevention)
            {
                fill.MakerAccountId.ShouldNotBe(fill.TakerAccountId, step);
            }

            if (taker.Type == OrderType.Limit)
            {
                (taker.Side == Side.Buy ? fill.PriceTicks <= taker.PriceTicks : fill.PriceTicks >= taker.PriceTicks).ShouldBeTrue($"{step}: {fill} is beyond the taker's limit");
            }

            Add(_filled, fill.TakerOrderId, fill.Lots);
            Add(_filled, fill.MakerOrderId, fill.Lots);
            var notional = fill.PriceTicks * fill.Lots * rules.NotionalPerTickLot;
            Add(_spent, fill.TakerOrderId, FeeMath.WithTakerFee(notional, rules.TakerFeePpm));
        }

        for (var i = 0; i < result.Outcomes.Length; i++)
        {
            var outcome = result.Outcomes[i];
            var own = result.Fills.Where(f => f.TakerOrderId == outcome.OrderId).ToArray();
            outcome.FilledLots.ShouldBe(own.Sum(f => f.Lots), step);
            outcome.FilledNotional.ShouldBe(own.Sum(f => f.PriceTicks * f.Lots * rules.NotionalPerTickLot), step);
            var asked = outcome.State is OrderState.Open or OrderState.Filled or OrderState.Expired or OrderState.WaitingForTrigger
                && !(command is MoveCommand && i == 0)
                && _orders.TryGetValue(outcome.OrderId, out var order)
                && order.Type != OrderType.MarketBuy;
            if (asked)
            {
                (outcome.FilledLots + outcome.RemainingLots).ShouldBe(_orders[outcome.OrderId].Lots, step);
            }
        }
    }

    /// <summary>The book's invariants, and no order filled beyond what it asked for.</summary>
    public void Check(MatchingEngine engine, string step)
    {
        foreach (var (id, filled) in _filled)
        {
            var order = _orders[id];
            if (order.Type == OrderType.MarketBuy)
            {
                _spent[id].ShouldBeLessThanOrEqualTo(order.QuoteBudget, $"{step}: market buy {id} spent more than its budget");
            }
            else
            {
                filled.ShouldBeLessThanOrEqualTo(order.Lots, $"{step}: order {id} filled more than its lots");
            }
        }

        if (engine.BestBidTicks > 0 && engine.BestAskTicks > 0)
        {
            engine.BestBidTicks.ShouldBeLessThan(engine.BestAskTicks, $"{step}: the book is crossed");
        }

        var resting = engine.RestingOrders().ToArray();
        engine.RestingOrderCount.ShouldBe(resting.Length, step);
        resting.Select(o => o.OrderId).Distinct().Count().ShouldBe(resting.Length, step);
        foreach (var o in resting)
        {
            o.Lots.ShouldBeGreaterThan(0, step);
            (_filled.GetValueOrDefault(o.OrderId) + o.Lots).ShouldBe(_orders[o.OrderId].Lots, $"{step}: order {o.OrderId}'s fills and rest");
            engine.FindResting(o.OrderId).ShouldBe(o, step);
            engine.Contains(o.OrderId).ShouldBeTrue(step);
        }

        foreach (var side in new[] { Side.Buy, Side.Sell })
        {
            var levels = resting.Where(o => o.Side == side)
                .GroupBy(o => o.PriceTicks)
                .Select(g => new DepthLevel(g.Key, g.Sum(o => o.Lots), g.Count()))
                .ToArray();
            var prices = levels.Select(l => l.PriceTicks).ToArray();
            prices.ShouldBe(side == Side.Buy ? [.. prices.OrderDescending()] : [.. prices.Order()], $"{step}: {side} levels out of order");
            engine.Depth(side, int.MaxValue).ShouldBe(levels, $"{step}: {side} depth");
            (side == Side.Buy ? engine.BidLevels : engine.AskLevels).ShouldBe(levels.Length, step);
            (side == Side.Buy ? engine.BestBidTicks : engine.BestAskTicks).ShouldBe(levels.Length > 0 ? levels[0].PriceTicks : 0, step);
        }

        engine.StopOrderCount.ShouldBe(engine.StopOrders().Count(), step);
    }

    private static void Add(Dictionary<long, long> sums, long id, long value) => sums[id] = sums.GetValueOrDefault(id) + value;
}
