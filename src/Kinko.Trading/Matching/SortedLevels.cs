namespace Kinko.Trading.Matching;

/// <summary>
/// Price levels kept as a sorted array of (key, level), the largest key last: the levels of a
/// <see cref="PriceLadder"/> that fall outside its window (few, by construction). Key and level sit
/// side by side, so a shift is one memory move.
/// </summary>
internal sealed class SortedLevels
{
    private Entry[] _entries = new Entry[16];

    public int Count { get; private set; }

    /// <summary>The level with the largest key; the set must not be empty.</summary>
    public int Last => _entries[Count - 1].Level;

    /// <summary>The i-th entry from the largest key (0 = largest).</summary>
    public (long Key, int Level) FromLast(int i) => (_entries[Count - 1 - i].Key, _entries[Count - 1 - i].Level);

    /// <summary>The level with this key, or -1.</summary>
    public int Find(long key)
    {
        var i = LowerBound(key);
        return i < Count && _entries[i].Key == key ? _entries[i].Level : -1;
    }

    public void Insert(long key, int level)
    {
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

    /// <summary>Removes the key; false when it is not there.</summary>
    public bool Remove(long key)
    {
        var i = LowerBound(key);
        if (i == Count || _entries[i].Key != key)
        {
            return false;
        }

        Count--;
        Array.Copy(_entries, i + 1, _entries, i, Count - i);
        return true;
    }

    public void Clear() => Count = 0;

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
