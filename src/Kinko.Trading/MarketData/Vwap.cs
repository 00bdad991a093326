namespace Kinko.Trading.MarketData;

/// <summary>
/// A volume-weighted average price over a window, exact: Σ(price × lots) / Σ lots in ticks, kept as
/// the two sums so the caller chooses how to round.
/// </summary>
public sealed record Vwap(string Pair, DateTimeOffset From, DateTimeOffset To, Int128 PriceLots, long Lots, int Trades)
{
    /// <summary>The average price in ticks, to <paramref name="decimals"/> places (rounded half away from zero); null when nothing traded.</summary>
    public decimal? PriceTicks(int decimals = 6) =>
        Lots == 0 ? null : Math.Round((decimal)PriceLots / Lots, decimals, MidpointRounding.AwayFromZero);
}
