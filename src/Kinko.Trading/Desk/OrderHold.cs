using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// The funds set aside for one open or waiting order: a pending ledger transfer from the owner's
/// available account to their held account, replaced by a smaller one after each fill. Its key
/// comes from the command that opened it (<see cref="HoldKeys"/>).
/// </summary>
public sealed class OrderHold(long orderId, long ownerId, Side side, OrderType type, long limitTicks, long lots, long quoteBudget, long makerFeePpm, long takerFeePpm)
{
    public long OrderId { get; } = orderId;

    public long OwnerId { get; } = ownerId;

    public Side Side { get; } = side;

    public OrderType Type { get; } = type;

    /// <summary>The limit price (0 for market orders); a move changes it.</summary>
    public long LimitTicks { get; set; } = limitTicks;

    /// <summary>Lots not yet filled (market buys: unused).</summary>
    public long RemainingLots { get; set; } = lots;

    /// <summary>Quote not yet spent (market buys only).</summary>
    public long RemainingBudget { get; set; } = quoteBudget;

    /// <summary>The lots asked for when placed (0 for market buys).</summary>
    public long OriginalLots { get; } = lots;

    /// <summary>The quote a market buy may spend, fee included, as placed (0 for other orders).</summary>
    public long OriginalBudget { get; } = quoteBudget;

    /// <summary>Lots filled so far.</summary>
    public long ExecutedLots { get; set; }

    /// <summary>Quote traded so far (price × amount of every fill, fees excluded), in quote minor units.</summary>
    public long ExecutedNotional { get; set; }

    /// <summary>Fee rates of the market when the order was placed: they apply to all its fills.</summary>
    public long MakerFeePpm { get; } = makerFeePpm;

    public long TakerFeePpm { get; } = takerFeePpm;

    /// <summary>As placed (for the order's views: open orders, details).</summary>
    public TimeInForce TimeInForce { get; init; }

    /// <summary>The stop price the order waited for (0: not a stop order).</summary>
    public long StopPriceTicks { get; init; }

    /// <summary>When the order was accepted (its journal record's time).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The ledger key of the current pending hold (empty before the first).</summary>
    public string CurrentKey { get; set; } = "";

    /// <summary>The amount of the current pending hold (0: none open).</summary>
    public long HeldAmount { get; set; }

    /// <summary>Which asset the hold is in: the quote for buys, the base for sells.</summary>
    public string Asset(Market market) => Side == Side.Buy ? market.Quote.Code : market.Base.Code;

    /// <summary>What the order may still need: a sell its lots in base; a limit buy its notional at the limit plus the taker fee; a market buy its budget.</summary>
    public long Need(Market market)
    {
        ArgumentNullException.ThrowIfNull(market);
        return Side == Side.Sell ? market.BaseAmount(RemainingLots)
            : Type == OrderType.MarketBuy ? RemainingBudget
            : FeeMath.WithTakerFee(market.Notional(LimitTicks, RemainingLots), TakerFeePpm);
    }
}
