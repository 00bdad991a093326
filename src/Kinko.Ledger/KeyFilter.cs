namespace Kinko.Ledger;

/// <summary>
/// A Bloom filter over idempotency keys: "certainly new" costs no store lookup; "maybe seen" is
/// checked against the store. About 1% false positives at capacity. The bit count is a power of
/// two, so a probe is a mask, not a division.
/// </summary>
internal sealed class KeyFilter
{
    private const int BitsPerKey = 10;
    private const int HashCount = 7;
    private readonly ulong[] _bits;
    private readonly ulong _mask;

    public KeyFilter(long capacity)
    {
        Capacity = Math.Max(capacity, 1 << 16);
        var bitCount = System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(Capacity * BitsPerKey));
        _mask = bitCount - 1;
        _bits = new ulong[Math.Max(bitCount / 64, 1)];
    }

    public long Capacity { get; }

    public long Count { get; private set; }

    public bool IsFull => Count >= Capacity;

    public void Add(string key) => Add(Hash(key));

    public void Add((ulong H1, ulong H2) hash)
    {
        for (ulong i = 0; i < HashCount; i++)
        {
            var bit = (hash.H1 + (i * hash.H2)) & _mask;
            _bits[bit >> 6] |= 1UL << (int)(bit & 63);
        }

        Count++;
    }

    public bool MightContain((ulong H1, ulong H2) hash)
    {
        for (ulong i = 0; i < HashCount; i++)
        {
            var bit = (hash.H1 + (i * hash.H2)) & _mask;
            if ((_bits[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    public static (ulong H1, ulong H2) Hash(string key)
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
