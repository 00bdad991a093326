namespace Kinko.Trading.Matching;

/// <summary>
/// Stop orders waiting for their trigger: a stop buy fires when the last trade is at or above its
/// stop price, a stop sell at or below. Kept in firing order (nearest trigger first, then arrival).
/// </summary>
internal sealed class StopOrders
{
    private readonly List<OrderRequest> _buys = []; // ascending stop price
    private readonly List<OrderRequest> _sells = []; // descending stop price
    private readonly Dictionary<long, OrderRequest> _byId = [];

    public int Count => _byId.Count;

    public bool Contains(long orderId) => _byId.ContainsKey(orderId);

    public IEnumerable<OrderRequest> All => _buys.Concat(_sells);

    public void Add(in OrderRequest order)
    {
        var list = order.Side == Side.Buy ? _buys : _sells;
        var i = list.Count;
        while (i > 0 && !FiresBefore(list[i - 1], order))
        {
            i--;
        }

        list.Insert(i, order);
        _byId.Add(order.OrderId, order);
    }

    public bool TryRemove(long orderId, out OrderRequest order)
    {
        if (!_byId.Remove(orderId, out order))
        {
            return false;
        }

        var id = orderId;
        (order.Side == Side.Buy ? _buys : _sells).RemoveAll(o => o.OrderId == id);
        return true;
    }

    /// <summary>Takes the next stop order that the last trade price fires, if any.</summary>
    public bool TryTakeFired(long lastPriceTicks, out OrderRequest order)
    {
        if (_buys.Count > 0 && lastPriceTicks >= _buys[0].StopPriceTicks)
        {
            order = _buys[0];
            _buys.RemoveAt(0);
        }
        else if (_sells.Count > 0 && lastPriceTicks <= _sells[0].StopPriceTicks)
        {
            order = _sells[0];
            _sells.RemoveAt(0);
        }
        else
        {
            order = default;
            return false;
        }

        _byId.Remove(order.OrderId);
        return true;
    }

    /// <summary>Whether <paramref name="earlier"/> (already waiting) fires no later than <paramref name="later"/>.</summary>
    private static bool FiresBefore(in OrderRequest earlier, in OrderRequest later) =>
        earlier.Side == Side.Buy
            ? earlier.StopPriceTicks <= later.StopPriceTicks
            : earlier.StopPriceTicks >= later.StopPriceTicks;
}
