using System.Runtime.CompilerServices;

namespace Kinko.Trading.Matching;

/// <summary>
/// One side's price levels in order, the best last, so that the busy end of the book (near the
/// spread) is where levels are added and removed and shifting costs least. Keys are the price for
/// bids and the negated price for asks, so "best" is always the largest key.
/// </summary>
internal sealed class PriceLadder(Side side)
{
    private long[] _keys = new long[256];
    private int[] _levels = new int[256];

    public Side Side { get; } = side;

    public int Count { get; private set; }

    /// <summary>The best level's slot; the ladder must not be empty.</summary>
    public int Best
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _levels[Count - 1];
    }

    /// <summary>The i-th level from the best (0 = best).</summary>
    public int FromBest(int i) => _levels[Count - 1 - i];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long KeyOf(long priceTicks) => Side == Side.Buy ? priceTicks : -priceTicks;

    /// <summary>The level at the price, or -1.</summary>
    public int Find(long priceTicks)
    {
        var i = IndexOf(KeyOf(priceTicks));
        return i >= 0 ? _levels[i] : -1;
    }

    public void Insert(long priceTicks, int level)
    {
        var key = KeyOf(priceTicks);
        var i = ~IndexOf(key);
        Kinko.Primitives.Invariant.Assert(i >= 0, "a price level was inserted twice");
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _levels, Count * 2);
        }

        Array.Copy(_keys, i, _keys, i + 1, Count - i);
        Array.Copy(_levels, i, _levels, i + 1, Count - i);
        _keys[i] = key;
        _levels[i] = level;
        Count++;
    }

    public void Remove(long priceTicks)
    {
        var i = IndexOf(KeyOf(priceTicks));
        Kinko.Primitives.Invariant.Assert(i >= 0, "a missing price level was removed");
        Count--;
        Array.Copy(_keys, i + 1, _keys, i, Count - i);
        Array.Copy(_levels, i + 1, _levels, i, Count - i);
    }

    /// <summary>Removes the best level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RemoveBest() => Count--;

    /// <summary>Index of the key, or the complement of where it belongs. Searches from the best end first: most activity is there.</summary>
    private int IndexOf(long key)
    {
        var hi = Count - 1;
        var lo = 0;

        // Near the best: a short linear scan finds most keys without a binary search.
        for (var probe = 0; probe < 8 && hi >= lo; probe++, hi--)
        {
            var k = _keys[hi];
            if (k == key)
            {
                return hi;
            }

            if (k < key)
            {
                return ~(hi + 1);
            }
        }

        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var k = _keys[mid];
            if (k == key)
            {
                return mid;
            }

            if (k < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
