namespace Kinko.Trading.MarketData;

/// <summary>High, low and volume over a rolling 24 hours; null prices when nothing traded.</summary>
public sealed record DayFigures(long? HighTicks, long? LowTicks, long Lots, Int128 PriceLots, int Trades);

/// <summary>Trades summed into one-minute buckets for the last 24 hours (1,440 buckets, reused as time moves).</summary>
internal sealed class RollingDay
{
    private const int Minutes = 24 * 60;
    private readonly Bucket[] _buckets = new Bucket[Minutes];

    public void Add(Trade trade)
    {
        var minute = MinuteOf(trade.At);
        ref var bucket = ref _buckets[(int)(minute % Minutes)];
        if (bucket.Minute != minute)
        {
            bucket = new Bucket { Minute = minute, High = trade.PriceTicks, Low = trade.PriceTicks };
        }

        bucket.High = Math.Max(bucket.High, trade.PriceTicks);
        bucket.Low = Math.Min(bucket.Low, trade.PriceTicks);
        bucket.Lots += trade.Lots;
        bucket.PriceLots += (Int128)trade.PriceTicks * trade.Lots;
        bucket.Trades++;
    }

    public DayFigures Figures(DateTimeOffset now)
    {
        var current = MinuteOf(now);
        long? high = null, low = null;
        long lots = 0;
        Int128 priceLots = 0;
        var trades = 0;
        foreach (var bucket in _buckets)
        {
            if (bucket.Trades == 0 || bucket.Minute <= current - Minutes || bucket.Minute > current)
            {
                continue;
            }

            high = Math.Max(high ?? long.MinValue, bucket.High);
            low = Math.Min(low ?? long.MaxValue, bucket.Low);
            lots += bucket.Lots;
            priceLots += bucket.PriceLots;
            trades += bucket.Trades;
        }

        return new DayFigures(high, low, lots, priceLots, trades);
    }

    private static long MinuteOf(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMinute;

    private struct Bucket
    {
        public long Minute;
        public long High;
        public long Low;
        public long Lots;
        public Int128 PriceLots;
        public int Trades;
    }
}
