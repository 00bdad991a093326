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
        // Plain loops: this runs for every command on the sequencer's thread.
        var changes = new List<(long, OrderView?)>(results.Count * 2);
        for (var r = 0; r < results.Count; r++)
        {
            var result = results[r];
            if (!result.Accepted)
            {
                continue;
            }

            // A command touches a few orders; one that sweeps a book touches many: then a set finds repeats.
            var first = changes.Count;
            var seen = result.Outcomes.Count + result.Fills.Count > 32 ? new HashSet<long>() : null;
            for (var i = 0; i < result.Outcomes.Count; i++)
            {
                AddOnce(core, changes, first, seen, result.Outcomes[i].OrderId);
            }

            for (var i = 0; i < result.Fills.Count; i++)
            {
                AddOnce(core, changes, first, seen, result.Fills[i].MakerOrderId);
            }

            AddOnce(core, changes, first, seen, result.OrderId);
        }

        return changes;
    }

    /// <summary>
    /// Adds the order's view unless this command's changes (from <paramref name="first"/> on) have it
    /// already: found in <paramref name="seen"/> when given, else by a scan of those changes.
    /// </summary>
    private static void AddOnce(TradingCore core, List<(long, OrderView?)> changes, int first, HashSet<long>? seen, long orderId)
    {
        if (orderId <= 0 || (seen is not null ? !seen.Add(orderId) : AlreadyAmong(changes, first, orderId)))
        {
            return;
        }

        changes.Add((orderId, View(core, orderId)));
    }

    private static bool AlreadyAmong(List<(long, OrderView?)> changes, int first, long orderId)
    {
        for (var i = first; i < changes.Count; i++)
        {
            if (changes[i].Item1 == orderId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The open or waiting order's view; null when it is no longer live.</summary>
    private static OrderView? View(TradingCore core, long orderId)
    {
        foreach (var desk in core.Markets.Values)
        {
            if (desk.Holds.TryGetValue(orderId, out var hold))
            {
                return OrderView.Of(desk.Market.Pair, hold, desk.Engine.IsWaiting(orderId));
            }
        }

        return null;
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
