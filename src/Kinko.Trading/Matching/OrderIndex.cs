using System.Runtime.CompilerServices;

namespace Kinko.Trading.Matching;

/// <summary>
/// Order id → slot in the book's order pool: open addressing with linear probing and
/// backward-shift deletion (no tombstones), so lookups stay short however many orders come and go.
/// Ids are positive; 0 marks an empty bucket.
/// </summary>
internal sealed class OrderIndex
{
    private long[] _keys;
    private int[] _values;
    private int _mask;

    public OrderIndex(int capacity = 1 << 12)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _keys = new long[size];
        _values = new int[size];
        _mask = size - 1;
    }

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long id)
    {
        var i = Bucket(id, _mask);
        while (true)
        {
            var key = _keys[i];
            if (key == id)
            {
                return _values[i];
            }

            if (key == 0)
            {
                return -1;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Adds the id; false when it is already present.</summary>
    public bool Add(long id, int slot)
    {
        if ((Count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        var i = Bucket(id, _mask);
        while (_keys[i] != 0)
        {
            if (_keys[i] == id)
            {
                return false;
            }

            i = (i + 1) & _mask;
        }

        _keys[i] = id;
        _values[i] = slot;
        Count++;
        return true;
    }

    public void Set(long id, int slot)
    {
        var i = Bucket(id, _mask);
        while (_keys[i] != id)
        {
            Kinko.Primitives.Invariant.Assert(_keys[i] != 0, "the order index lost an order id");
            i = (i + 1) & _mask;
        }

        _values[i] = slot;
    }

    public bool Remove(long id)
    {
        var i = Bucket(id, _mask);
        while (_keys[i] != id)
        {
            if (_keys[i] == 0)
            {
                return false;
            }

            i = (i + 1) & _mask;
        }

        // Backward-shift: move later members of the probe run into the hole when their home allows it.
        var hole = i;
        var j = (i + 1) & _mask;
        while (_keys[j] != 0)
        {
            var home = Bucket(_keys[j], _mask);
            if (((j - home) & _mask) >= ((j - hole) & _mask))
            {
                _keys[hole] = _keys[j];
                _values[hole] = _values[j];
                hole = j;
            }

            j = (j + 1) & _mask;
        }

        _keys[hole] = 0;
        Count--;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bucket(long id, int mask) => (int)((ulong)(id * -7046029254386353131L) >> 32) & mask;

    private void Grow()
    {
        var keys = _keys;
        var values = _values;
        _keys = new long[keys.Length * 2];
        _values = new int[keys.Length * 2];
        _mask = _keys.Length - 1;
        Count = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] != 0)
            {
                Add(keys[i], values[i]);
            }
        }
    }
}
