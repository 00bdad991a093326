using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// Every open and waiting order, for readers on any thread: updated by the sequencer after each
/// durable commit (orders placed, filled, cancelled, expired), rebuilt from the books at start.
/// </summary>
public sealed class OpenOrders
{
    private readonly Lock _gate = new();
    private static readonly Dictionary<long, OrderView> NoViews = [];
    private readonly Dictionary<long, OrderView> _orders = [];

    public OrderView? Find(long orderId)
    {
        lock (_gate)
        {
            return _orders.GetValueOrDefault(orderId);
        }
    }

    /// <summary>An owner's open orders, oldest first.</summary>
    public IReadOnlyList<OrderView> OfOwner(long ownerId)
    {
        lock (_gate)
        {
            return _orders.Values.Where(o => o.OwnerId == ownerId).OrderBy(o => o.OrderId).ToList();
        }
    }

    /// <summary>What a staged batch did to the orders it touched: their views now, or null for those that ended.</summary>
    internal static IReadOnlyList<(long OrderId, OrderView? View)> Capture(TradingCore core, IReadOnlyList<TradingResult> results)
    {
        var changes = new List<(long, OrderView?)>();
        foreach (var result in results.Where(r => r.Accepted))
        {
            var touched = result.Outcomes.Select(o => o.OrderId).Concat(result.Fills.Select(f => f.MakerOrderId)).Append(result.OrderId).Where(id => id > 0).Distinct();
            foreach (var id in touched)
            {
                var desk = core.Markets.Values.FirstOrDefault(d => d.Holds.ContainsKey(id));
                changes.Add((id, desk is null ? null : OrderView.Of(desk.Market.Pair, desk.Holds[id], desk.Engine.IsWaiting(id))));
            }
        }

        return changes;
    }

    /// <summary>Applies a commit's changes; with <paramref name="keepPrevious"/>, returns the views the touched orders had before.</summary>
    internal IReadOnlyDictionary<long, OrderView> Apply(IReadOnlyList<(long OrderId, OrderView? View)> changes, bool keepPrevious = false)
    {
        var previous = keepPrevious ? new Dictionary<long, OrderView>() : NoViews;
        lock (_gate)
        {
            foreach (var (id, view) in changes)
            {
                if (keepPrevious && _orders.TryGetValue(id, out var old))
                {
                    previous.TryAdd(id, old);
                }

                if (view is null)
                {
                    _orders.Remove(id);
                }
                else
                {
                    _orders[id] = view;
                }
            }
        }

        return previous;
    }

    internal void Rebuild(TradingCore core)
    {
        lock (_gate)
        {
            _orders.Clear();
            foreach (var desk in core.Markets.Values)
            {
                foreach (var hold in desk.Holds.Values)
                {
                    _orders[hold.OrderId] = OrderView.Of(desk.Market.Pair, hold, desk.Engine.IsWaiting(hold.OrderId));
                }
            }
        }
    }
}
