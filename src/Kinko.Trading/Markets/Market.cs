using Kinko.Primitives;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Markets;

/// <summary>A validated market: its spec, its assets and the engine's integer rules derived from them.</summary>
public sealed record Market(MarketSpec Spec, Asset Base, Asset Quote, long BaseMinorPerLot, MatchingRules Rules)
{
    public string Pair => Spec.Pair;

    /// <summary>Quote minor units of one tick times one lot: a fill's notional is price ticks × lots × this.</summary>
    public long NotionalPerTickLot => Rules.NotionalPerTickLot;

    /// <summary>A price in quote minor units per whole base unit, from ticks.</summary>
    public decimal Price(long priceTicks) => priceTicks * Spec.TickSize;

    /// <summary>Base minor units of <paramref name="lots"/>.</summary>
    public long BaseAmount(long lots) => checked(lots * BaseMinorPerLot);

    /// <summary>Quote minor units of a fill.</summary>
    public long Notional(long priceTicks, long lots) => checked(priceTicks * lots * Rules.NotionalPerTickLot);

    /// <summary>Ticks for a price, or an error naming <paramref name="field"/> when it is not a positive multiple of the tick size.</summary>
    public long PriceTicks(decimal price, string field) =>
        Units(price, Spec.TickSize) ?? throw new KinkoException(ErrorCode.InvalidField, $"must be a positive multiple of {Spec.TickSize} (the tick size of {Pair})", field);

    /// <summary>Lots for an amount, or an error naming <paramref name="field"/> when it is not a positive multiple of the lot size.</summary>
    public long Lots(decimal amount, string field) =>
        Units(amount, Spec.LotSize) ?? throw new KinkoException(ErrorCode.InvalidAmount, $"must be a positive multiple of {Spec.LotSize} (the lot size of {Pair})", field);

    /// <summary>How many <paramref name="unit"/>s make <paramref name="value"/>: null unless it is a positive whole number of them that fits a long (a huge value overflows the division).</summary>
    private static long? Units(decimal value, decimal unit)
    {
        if (value <= 0)
        {
            return null;
        }

        try
        {
            var units = value / unit;
            return units == decimal.Truncate(units) && units <= long.MaxValue ? (long)units : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
