using System.Numerics;
using System.Runtime.CompilerServices;
using Kinko.Primitives;

namespace Kinko.Trading.Matching;

/// <summary>
/// One side's price levels, best first. Keys are the price for bids and the negated price for asks,
/// so "better" is always "larger". Most levels sit in a direct-mapped window of
/// <see cref="WindowSize"/> consecutive keys (a slot per key and an occupancy bitmap: finding, adding
/// and removing a level cost O(1), the next best is a bit scan); the few outside it are kept sorted
/// apart. When too many fall outside, the window moves to where the best price is.
/// </summary>
internal sealed class PriceLadder(Side side)
{
    /// <summary>Keys (ticks) the window spans.</summary>
    public const int WindowSize = 1 << 16;

    /// <summary>Levels allowed outside the window before it is moved (at least; grows with a scattered book).</summary>
    public const int MinOutsideLimit = 64;

    private const int None = -1;

    private readonly int[] _slots = new int[WindowSize]; // level + 1; 0 = no level at this key
    private readonly ulong[] _occupied = new ulong[WindowSize / 64];
    private readonly SortedLevels _above = new(); // better than anything in the window
    private readonly SortedLevels _below = new(); // worse than anything in the window
    private long _base; // the key of window slot 0
    private int _inWindow;
    private int _windowTop = None; // index of the best key in the window
    private int _outsideLimit = MinOutsideLimit;

    public Side Side { get; } = side;

    public int Count => _inWindow + _above.Count + _below.Count;

    /// <summary>The best level's slot; the ladder must not be empty.</summary>
    public int Best { get; private set; } = None;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long KeyOf(long priceTicks) => Side == Side.Buy ? priceTicks : -priceTicks;

    /// <summary>The level at the price, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long priceTicks)
    {
        var index = KeyOf(priceTicks) - _base;
        return (ulong)index < WindowSize ? _slots[index] - 1 : FindOutside(KeyOf(priceTicks));
    }

    public void Insert(long priceTicks, int level)
    {
        var key = KeyOf(priceTicks);
        if (Count == 0)
        {
            // An empty ladder puts its window where the first level is, with room above for better prices.
            _base = key - (WindowSize - (WindowSize / 8));
        }

        var index = key - _base;
        if ((ulong)index < WindowSize)
        {
            Invariant.Assert(_slots[index] == 0, "a price level was inserted twice");
            _slots[index] = level + 1;
            _occupied[index >> 6] |= 1UL << (int)(index & 63);
            _inWindow++;
            _windowTop = Math.Max(_windowTop, (int)index);
        }
        else
        {
            (index < 0 ? _below : _above).Insert(key, level);
            if (_above.Count + _below.Count > _outsideLimit)
            {
                Recenter();
            }
        }

        UpdateBest();
    }

    public void Remove(long priceTicks)
    {
        var key = KeyOf(priceTicks);
        var index = key - _base;
        if ((ulong)index < WindowSize)
        {
            Invariant.Assert(_slots[index] != 0, "a missing price level was removed");
            _slots[index] = 0;
            _occupied[index >> 6] &= ~(1UL << (int)(index & 63));
            _inWindow--;
            if (index == _windowTop)
            {
                _windowTop = HighestAtOrBelow((int)index - 1);
            }
        }
        else
        {
            Invariant.Assert((index < 0 ? _below : _above).Remove(key), "a missing price level was removed");
        }

        UpdateBest();
    }

    /// <summary>Level slots from the best to the worst.</summary>
    public IEnumerable<int> BestFirst()
    {
        for (var i = 0; i < _above.Count; i++)
        {
            yield return _above.FromLast(i).Level;
        }

        for (var index = _windowTop; index != None; index = HighestAtOrBelow(index - 1))
        {
            yield return _slots[index] - 1;
        }

        for (var i = 0; i < _below.Count; i++)
        {
            yield return _below.FromLast(i).Level;
        }
    }

    private int FindOutside(long key) => key < _base ? _below.Find(key) : _above.Find(key);

    private void UpdateBest() =>
        Best = _above.Count > 0 ? _above.Last
            : _windowTop != None ? _slots[_windowTop] - 1
            : _below.Count > 0 ? _below.Last
            : None;

    /// <summary>The highest occupied window index at or below <paramref name="index"/>, or -1.</summary>
    private int HighestAtOrBelow(int index)
    {
        if (index < 0)
        {
            return None;
        }

        var word = index >> 6;
        var bits = _occupied[word] & (ulong.MaxValue >> (63 - (index & 63)));
        while (bits == 0)
        {
            if (--word < 0)
            {
                return None;
            }

            bits = _occupied[word];
        }

        return (word << 6) + 63 - BitOperations.LeadingZeroCount(bits);
    }

    /// <summary>Moves the window so the best key sits near its top, and re-files every level.</summary>
    private void Recenter()
    {
        var all = new List<(long Key, int Level)>(Count);
        for (var i = _above.Count - 1; i >= 0; i--)
        {
            all.Add(_above.FromLast(i));
        }

        for (var index = HighestAtOrBelow(WindowSize - 1); index != None; index = HighestAtOrBelow(index - 1))
        {
            all.Add((_base + index, _slots[index] - 1));
            _slots[index] = 0;
        }

        for (var i = _below.Count - 1; i >= 0; i--)
        {
            all.Add(_below.FromLast(i));
        }

        Array.Clear(_occupied);
        _above.Clear();
        _below.Clear();
        _inWindow = 0;
        _windowTop = None;
        var best = all.Max(e => e.Key);
        _base = best - (WindowSize - (WindowSize / 8));
        foreach (var (key, level) in all)
        {
            var index = key - _base;
            if ((ulong)index < WindowSize)
            {
                _slots[index] = level + 1;
                _occupied[index >> 6] |= 1UL << (int)(index & 63);
                _inWindow++;
                _windowTop = Math.Max(_windowTop, (int)index);
            }
            else
            {
                (index < 0 ? _below : _above).Insert(key, level);
            }
        }

        _outsideLimit = Math.Max(MinOutsideLimit, 2 * (_above.Count + _below.Count));
    }
}
