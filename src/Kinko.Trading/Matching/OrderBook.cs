using System.Runtime.CompilerServices;
using Kinko.Primitives;

namespace Kinko.Trading.Matching;

/// <summary>A resting order in the book's pool.</summary>
internal struct OrderNode
{
    public long Id;
    public long AccountId;
    public long PriceTicks;
    public long Lots;
    public int Level;
    public int Prev;
    public int Next;
    public Side Side;
    public bool PostOnly;
}

/// <summary>All resting orders at one price, oldest first.</summary>
internal struct LevelNode
{
    public long PriceTicks;
    public long Lots;
    public int Orders;
    public int Head;
    public int Tail;
    public int NextFree;
}

/// <summary>
/// The resting orders of one market: pooled order and level nodes (no allocation per order),
/// a price ladder per side and an id index. Price-time priority: levels by price, then FIFO.
/// </summary>
internal sealed class OrderBook
{
    public const int None = -1;

    private OrderNode[] _orders = new OrderNode[1024];
    private LevelNode[] _levels = new LevelNode[256];
    private int _freeOrder = None;
    private int _usedOrders;
    private int _freeLevel = None;
    private int _usedLevels;

    public OrderBook()
    {
        Bids = new PriceLadder(Side.Buy);
        Asks = new PriceLadder(Side.Sell);
    }

    public PriceLadder Bids { get; }

    public PriceLadder Asks { get; }

    public OrderIndex Index { get; } = new();

    public int OrderCount => Index.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PriceLadder Ladder(Side side) => side == Side.Buy ? Bids : Asks;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref OrderNode Order(int slot) => ref _orders[slot];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref LevelNode Level(int slot) => ref _levels[slot];

    /// <summary>Puts an order at the back of its price level. The id must not be in the book.</summary>
    public int Rest(long id, long accountId, Side side, long priceTicks, long lots, bool postOnly)
    {
        var slot = AllocateOrder();
        Invariant.Assert(Index.Add(id, slot), "an order id was put in the book twice");
        ref var o = ref _orders[slot];
        o.Id = id;
        o.AccountId = accountId;
        o.Side = side;
        o.PostOnly = postOnly;
        Link(slot, priceTicks, lots);
        return slot;
    }

    /// <summary>Puts a detached order (see <see cref="Detach"/>) back, at the back of the level at <paramref name="priceTicks"/>.</summary>
    public void Link(int slot, long priceTicks, long lots)
    {
        ref var o = ref _orders[slot];
        var ladder = Ladder(o.Side);
        var level = ladder.Count > 0 && _levels[ladder.Best].PriceTicks == priceTicks ? ladder.Best : ladder.Find(priceTicks);
        if (level == None)
        {
            level = AllocateLevel(priceTicks);
            ladder.Insert(priceTicks, level);
        }

        ref var l = ref _levels[level];
        o.PriceTicks = priceTicks;
        o.Lots = lots;
        o.Level = level;
        o.Next = None;
        o.Prev = l.Tail;
        if (l.Tail == None)
        {
            l.Head = slot;
        }
        else
        {
            _orders[l.Tail].Next = slot;
        }

        l.Tail = slot;
        l.Orders++;
        l.Lots += lots;
    }

    /// <summary>Takes lots off a resting order (a fill); the order stays even at zero until <see cref="Remove"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reduce(int slot, long lots)
    {
        ref var o = ref _orders[slot];
        o.Lots -= lots;
        _levels[o.Level].Lots -= lots;
    }

    /// <summary>Takes an order out of the book (filled or cancelled); drops its level when empty.</summary>
    public void Remove(int slot)
    {
        Detach(slot);
        Index.Remove(_orders[slot].Id);
        FreeOrder(slot);
    }

    /// <summary>
    /// Takes an order out of its level (dropping the level when empty) but keeps its slot and id, so
    /// a move can put it back with <see cref="Link"/> or end it with <see cref="Discard"/>.
    /// </summary>
    public void Detach(int slot)
    {
        ref var o = ref _orders[slot];
        ref var l = ref _levels[o.Level];
        if (o.Prev == None)
        {
            l.Head = o.Next;
        }
        else
        {
            _orders[o.Prev].Next = o.Next;
        }

        if (o.Next == None)
        {
            l.Tail = o.Prev;
        }
        else
        {
            _orders[o.Next].Prev = o.Prev;
        }

        l.Orders--;
        l.Lots -= o.Lots;
        if (l.Orders == 0)
        {
            Ladder(o.Side).Remove(l.PriceTicks);

            FreeLevel(o.Level);
        }
    }

    /// <summary>Frees a detached order's slot and id (a move that filled or expired).</summary>
    public void Discard(int slot)
    {
        Index.Remove(_orders[slot].Id);
        FreeOrder(slot);
    }

    /// <summary>Aggregated depth of one side, best first: up to <paramref name="levels"/> (price, lots, orders).</summary>
    public IReadOnlyList<DepthLevel> Depth(Side side, int levels)
    {
        var result = new List<DepthLevel>(Math.Min(levels, Ladder(side).Count));
        foreach (var slot in Ladder(side).BestFirst())
        {
            if (result.Count == levels)
            {
                break;
            }

            ref var l = ref _levels[slot];
            result.Add(new DepthLevel(l.PriceTicks, l.Lots, l.Orders));
        }

        return result;
    }

    /// <summary>Whether an order of <paramref name="side"/> at <paramref name="priceTicks"/> would take from the other side.</summary>
    public bool Crosses(Side side, long priceTicks)
    {
        var opposite = Ladder(side.Opposite());
        if (opposite.Count == 0)
        {
            return false;
        }

        var best = _levels[opposite.Best].PriceTicks;
        return side == Side.Buy ? best <= priceTicks : best >= priceTicks;
    }

    /// <summary>Whether the other side's best price lies beyond <paramref name="limit"/> (a market order stopped by the band).</summary>
    public bool OppositeBeyond(Side side, long limit)
    {
        var opposite = Ladder(side.Opposite());
        if (opposite.Count == 0)
        {
            return false;
        }

        var best = _levels[opposite.Best].PriceTicks;
        return side == Side.Buy ? best > limit : best < limit;
    }

    /// <summary>
    /// Lots an order of <paramref name="side"/> could fill at once up to <paramref name="limit"/>, counting at
    /// most to <paramref name="wanted"/> and, with self-trade prevention, stopping at the owner's own resting order.
    /// </summary>
    public long FillableLots(Side side, long limit, long accountId, bool selfTradePrevention, long wanted)
    {
        long lots = 0;
        foreach (var levelSlot in Ladder(side.Opposite()).BestFirst())
        {
            if (lots >= wanted)
            {
                break;
            }

            ref var level = ref _levels[levelSlot];
            if (side == Side.Buy ? level.PriceTicks > limit : level.PriceTicks < limit)
            {
                break;
            }

            if (!selfTradePrevention)
            {
                lots += level.Lots;
                continue;
            }

            for (var slot = level.Head; slot != None && lots < wanted; slot = _orders[slot].Next)
            {
                if (_orders[slot].AccountId == accountId)
                {
                    return lots;
                }

                lots += _orders[slot].Lots;
            }
        }

        return lots;
    }

    /// <summary>Every resting order in priority order: bids best first, then asks best first.</summary>
    public IEnumerable<RestingOrder> Resting()
    {
        foreach (var ladder in new[] { Bids, Asks })
        {
            foreach (var levelSlot in ladder.BestFirst())
            {
                for (var slot = _levels[levelSlot].Head; slot != None; slot = _orders[slot].Next)
                {
                    var o = _orders[slot];
                    yield return new RestingOrder(o.Id, o.AccountId, o.Side, o.PriceTicks, o.Lots, o.PostOnly);
                }
            }
        }
    }

    private int AllocateOrder()
    {
        if (_freeOrder != None)
        {
            var slot = _freeOrder;
            _freeOrder = _orders[slot].Next;
            return slot;
        }

        if (_usedOrders == _orders.Length)
        {
            Array.Resize(ref _orders, _orders.Length * 2);
        }

        return _usedOrders++;
    }

    private void FreeOrder(int slot)
    {
        _orders[slot].Next = _freeOrder;
        _orders[slot].Id = 0;
        _freeOrder = slot;
    }

    private int AllocateLevel(long priceTicks)
    {
        int slot;
        if (_freeLevel != None)
        {
            slot = _freeLevel;
            _freeLevel = _levels[slot].NextFree;
        }
        else
        {
            if (_usedLevels == _levels.Length)
            {
                Array.Resize(ref _levels, _levels.Length * 2);
            }

            slot = _usedLevels++;
        }

        _levels[slot] = new LevelNode { PriceTicks = priceTicks, Head = None, Tail = None, NextFree = None };
        return slot;
    }

    private void FreeLevel(int slot)
    {
        _levels[slot].NextFree = _freeLevel;
        _freeLevel = slot;
    }
}

/// <summary>A resting order as read out of the book (snapshots, depth, tests).</summary>
public readonly record struct RestingOrder(long OrderId, long AccountId, Side Side, long PriceTicks, long Lots, bool PostOnly);
