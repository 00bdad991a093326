namespace Kinko.Trading.Matching;

/// <summary>
/// Fees in quote minor units from a notional and a rate in parts per million. A charge is rounded
/// up, a rebate (negative rate) down, so the exchange never pays out a fraction it did not take.
/// The engine (a market buy's budget) and settlement use these same functions.
/// </summary>
public static class FeeMath
{
    public const long PartsPerMillion = 1_000_000;

    /// <summary>The fee on <paramref name="notional"/>: positive is charged, negative is a rebate paid.</summary>
    public static long Fee(long notional, long ratePpm)
    {
        if (ratePpm >= 0)
        {
            var charged = ((Int128)notional * ratePpm + PartsPerMillion - 1) / PartsPerMillion;
            return checked((long)charged);
        }

        var rebate = (Int128)notional * -ratePpm / PartsPerMillion;
        return -checked((long)rebate);
    }

    /// <summary>What a buyer pays for a notional as taker: the notional and its fee.</summary>
    public static long WithTakerFee(long notional, long takerFeePpm) => checked(notional + Fee(notional, takerFeePpm));

    /// <summary>The most lots whose cost plus taker fee fits in <paramref name="budget"/>.</summary>
    public static long AffordableLots(long budget, long costPerLot, long takerFeePpm)
    {
        if (budget <= 0 || costPerLot <= 0)
        {
            return 0;
        }

        var lots = (long)((Int128)budget * PartsPerMillion / ((Int128)costPerLot * (PartsPerMillion + takerFeePpm)));
        while (lots > 0 && WithTakerFee(checked(lots * costPerLot), takerFeePpm) > budget)
        {
            lots--;
        }

        return lots;
    }
}
