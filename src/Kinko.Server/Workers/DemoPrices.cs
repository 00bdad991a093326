using Kinko.Trading.Markets;

namespace Kinko.Server.Workers;

/// <summary>Starting prices of the demo: each coin's value in JPY, and a market's price in its own ticks.</summary>
public static class DemoPrices
{
    /// <summary>Rough JPY values to start from (each a whole number of its market's default tick).</summary>
    public static IReadOnlyDictionary<string, decimal> JpyValues { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["JPY"] = 1m,
        ["BTC"] = 15_000_000m,
        ["ETH"] = 500_000m,
        ["LTC"] = 15_000m,
        ["ETC"] = 3_000m,
        ["MONA"] = 50m,
        ["XEM"] = 5m,
    };

    /// <summary>Value in JPY of one whole unit of an asset (1 for an asset the table does not know).</summary>
    public static decimal JpyValue(string asset) => JpyValues.GetValueOrDefault(asset, 1m);

    /// <summary>
    /// The price to start a market at, in ticks: its last trade when it has one, else the ratio of the
    /// table's values, never below <paramref name="minTicks"/>.
    /// </summary>
    public static long StartTicks(Market market, long lastTradeTicks, long minTicks)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (lastTradeTicks > 0)
        {
            return Math.Max(lastTradeTicks, minTicks);
        }

        var price = JpyValue(market.Base.Code) / JpyValue(market.Quote.Code);
        var ticks = decimal.Round(price / market.Spec.TickSize, MidpointRounding.AwayFromZero);
        return ticks >= long.MaxValue / 4 ? long.MaxValue / 4 : Math.Max((long)ticks, minTicks);
    }

    /// <summary>Minor units of <paramref name="asset"/> worth about <paramref name="jpy"/> JPY.</summary>
    public static long MinorUnitsWorth(Kinko.Primitives.Asset asset, decimal jpy)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var units = decimal.Floor(jpy / JpyValue(asset.Code) * Pow10(asset.Scale));
        return units >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)units;
    }

    private static decimal Pow10(int scale)
    {
        var result = 1m;
        for (var i = 0; i < scale; i++)
        {
            result *= 10;
        }

        return result;
    }
}
