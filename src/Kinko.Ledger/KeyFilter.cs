namespace Kinko.Ledger;

/// <summary>
/// A Bloom filter over idempotency keys: "certainly new" costs no store lookup; "maybe seen" is
/// checked against the store. About 1% false positives at capacity.
/// </summary>
internal sealed class KeyFilter
{
    private const int BitsPerKey = 10;
    private const int HashCount = 7;
    private readonly ulong[] _bits;
    private readonly ulong _bitCount;

    public KeyFilter(long capacity)
    {
        Capacity = Math.Max(capacity, 1 << 16);
        _bitCount = (ulong)(Capacity * BitsPerKey);
        _bits = new ulong[(_bitCount + 63) / 64];
    }

    public long Capacity { get; }

    public long Count { get; private set; }

    public void Add(string key)
    {
        var (h1, h2) = Hash(key);
        for (ulong i = 0; i < HashCount; i++)
        {
            var bit = (h1 + (i * h2)) % _bitCount;
            _bits[bit >> 6] |= 1UL << (int)(bit & 63);
        }

        Count++;
    }

    public bool MightContain(string key)
    {
        var (h1, h2) = Hash(key);
        for (ulong i = 0; i < HashCount; i++)
        {
            var bit = (h1 + (i * h2)) % _bitCount;
            if ((_bits[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static (ulong, ulong) Hash(string key)
    {
        // FNV-1a 64 over UTF-16 code units, then a splitmix finaliser for the second hash.
        var h = 14695981039346656037UL;
        foreach (var c in key)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        var g = h + 0x9E3779B97F4A7C15UL;
        g = (g ^ (g >> 30)) * 0xBF58476D1CE4E5B9UL;
        g = (g ^ (g >> 27)) * 0x94D049BB133111EBUL;
        g ^= g >> 31;
        return (h, g | 1);
    }
}
