using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Matching;

/// <summary>
/// Turns generated ops into commands as a stream runs. New orders get ids 1, 2, 3... in order. A
/// cancel or move with a pick of 0 or more targets a live order (resting or waiting) of the engine as
/// it is now; a pick of -1 an id never given out and below that an earlier order, which may be gone.
/// Half the moves of resting orders go to the best price on the other side.
/// A new order with a negative pick reuses an earlier order's id.
/// </summary>
internal sealed class CommandPlanner(MatchingRules rules)
{
    public const long UnknownOrderId = 999_999;

    private readonly List<long> _issued = [];
    private long _next = 1;

    public Command Next(Op op, MatchingEngine engine)
    {
        if (op.Kind is OpKind.Cancel or OpKind.Move)
        {
            var target = Target(op.Pick, engine);
            return op.Kind == OpKind.Cancel ? new CancelCommand(target) : new MoveCommand(target, MovePrice(op, target, engine));
        }

        var id = op.Pick < 0 && _issued.Count > 0 ? Earlier(-op.Pick) : _next++;
        if (!_issued.Contains(id))
        {
            _issued.Add(id);
        }

        var order = op.Kind switch
        {
            OpKind.Limit => OrderRequest.Limit(id, op.AccountId, op.Side, op.PriceTicks, op.Lots),
            OpKind.PostOnly => OrderRequest.Limit(id, op.AccountId, op.Side, op.PriceTicks, op.Lots, TimeInForce.PostOnly),
            OpKind.ImmediateOrCancel => OrderRequest.Limit(id, op.AccountId, op.Side, op.PriceTicks, op.Lots, TimeInForce.ImmediateOrCancel),
            OpKind.FillOrKill => OrderRequest.Limit(id, op.AccountId, op.Side, op.PriceTicks, op.Lots, TimeInForce.FillOrKill),
            OpKind.MarketSell => OrderRequest.MarketSell(id, op.AccountId, op.Lots),
            _ => OrderRequest.MarketBuy(id, op.AccountId, (op.Budget * rules.NotionalPerTickLot) + (op.Budget % 97)),
        };
        return new PlaceCommand(op.StopTicks > 0 ? OrderRequest.Stop(order, op.StopTicks) : order);
    }

    private long Target(int pick, MatchingEngine engine)
    {
        if (pick == -1)
        {
            return UnknownOrderId;
        }

        if (pick < 0)
        {
            return _issued.Count > 0 ? Earlier(-pick) : UnknownOrderId;
        }

        var live = engine.RestingOrders().Select(o => o.OrderId).Concat(engine.StopOrders().Select(o => o.OrderId)).ToList();
        return live.Count > 0 ? live[pick % live.Count] : UnknownOrderId;
    }

    /// <summary>The op's price, or for every other move of a resting order the best price across the spread, so that moves trade often.</summary>
    private static long MovePrice(Op op, long target, MatchingEngine engine)
    {
        var order = engine.FindResting(target);
        var across = order is null ? 0 : order.Value.Side == Side.Buy ? engine.BestAskTicks : engine.BestBidTicks;
        return op.Lots % 2 == 0 && across > 0 ? across : op.PriceTicks;
    }

    /// <summary>The n-th latest id given out (1 = the latest).</summary>
    private long Earlier(int n) => _issued[^(1 + ((n - 1) % _issued.Count))];
}
