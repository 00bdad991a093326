namespace Kinko.Trading.MarketData;

/// <summary>A candle width. Candles start at multiples of the width from the Unix epoch, weeks on Mondays (UTC).</summary>
public sealed record CandleInterval(string Name, TimeSpan Width)
{
    private static readonly DateTimeOffset FirstMonday = new(1970, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<CandleInterval> All { get; } =
    [
        new("1m", TimeSpan.FromMinutes(1)),
        new("5m", TimeSpan.FromMinutes(5)),
        new("15m", TimeSpan.FromMinutes(15)),
        new("1h", TimeSpan.FromHours(1)),
        new("4h", TimeSpan.FromHours(4)),
        new("1d", TimeSpan.FromDays(1)),
        new("1w", TimeSpan.FromDays(7)),
    ];

    public static CandleInterval? Find(string? name) => All.FirstOrDefault(i => i.Name == name);

    /// <summary>The start of the candle that holds <paramref name="at"/>.</summary>
    public DateTimeOffset StartOf(DateTimeOffset at)
    {
        var origin = Width == TimeSpan.FromDays(7) ? FirstMonday : DateTimeOffset.UnixEpoch;
        var ticks = (at.UtcTicks - origin.UtcTicks) / Width.Ticks * Width.Ticks;
        if (at.UtcTicks < origin.UtcTicks && (at.UtcTicks - origin.UtcTicks) % Width.Ticks != 0)
        {
            ticks -= Width.Ticks;
        }

        return new DateTimeOffset(origin.UtcTicks + ticks, TimeSpan.Zero);
    }
}

/// <summary>One OHLCV candle: prices in ticks, volume in lots and in quote minor units (the notional).</summary>
public sealed record Candle(DateTimeOffset Start, long Open, long High, long Low, long Close, long Lots, Int128 Notional, int Trades);
