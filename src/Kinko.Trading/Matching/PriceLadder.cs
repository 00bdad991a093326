using System.Runtime.CompilerServices;

namespace Kinko.Trading.Matching;

/// <summary>
/// One side's price levels in order, the best last, so that the busy end of the book (near the
/// spread) is where levels are added and removed and shifting costs least. Keys are the price for
/// bids and the negated price for asks, so "best" is always the largest key. Key and level sit side
/// by side, so a shift is one memory move.
/// </summary>
internal sealed class PriceLadder(Side side)
{
    private Entry[] _entries = new Entry[256];

    public Side Side { get; } = side;

    public int Count { get; private set; }

    /// <summary>The best level's slot; the ladder must not be empty.</summary>
    public int Best
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _entries[Count - 1].Level;
    }

    /// <summary>The i-th level from the best (0 = best).</summary>
    public int FromBest(int i) => _entries[Count - 1 - i].Level;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long KeyOf(long priceTicks) => Side == Side.Buy ? priceTicks : -priceTicks;

    /// <summary>The level at the price, or -1.</summary>
    public int Find(long priceTicks)
    {
        var key = KeyOf(priceTicks);
        var i = LowerBound(key);
        return i < Count && _entries[i].Key == key ? _entries[i].Level : -1;
    }

    public void Insert(long priceTicks, int level)
    {
        var key = KeyOf(priceTicks);
        var i = LowerBound(key);
        Kinko.Primitives.Invariant.Assert(i == Count || _entries[i].Key != key, "a price level was inserted twice");
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Count * 2);
        }

        Array.Copy(_entries, i, _entries, i + 1, Count - i);
        _entries[i] = new Entry(key, level);
        Count++;
    }

    public void Remove(long priceTicks)
    {
        var key = KeyOf(priceTicks);
        var i = LowerBound(key);
        Kinko.Primitives.Invariant.Assert(i < Count && _entries[i].Key == key, "a missing price level was removed");
        Count--;
        Array.Copy(_entries, i + 1, _entries, i, Count - i);
    }

    /// <summary>Removes the best level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RemoveBest() => Count--;

    /// <summary>The first index whose key is not below <paramref name="key"/> (Count when none): a branch-free binary search.</summary>
    private int LowerBound(long key)
    {
        var entries = _entries;
        var lo = 0;
        var n = Count;
        while (n > 1)
        {
            var half = n >> 1;
            lo = entries[lo + half - 1].Key < key ? lo + half : lo;
            n -= half;
        }

        return n == 1 && entries[lo].Key < key ? lo + 1 : lo;
    }

    private readonly record struct Entry(long Key, int Level);
}
