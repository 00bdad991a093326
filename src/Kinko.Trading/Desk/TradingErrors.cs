using Kinko.Primitives;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>The error codes trading refuses with (kebab-case, like the ledger's).</summary>
public static class TradingErrors
{
    public static readonly ErrorCode UnknownMarket = new("unknown-market");
    public static readonly ErrorCode UnknownOrder = new("unknown-order");
    public static readonly ErrorCode BelowMinimum = new("amount-below-minimum");
    public static readonly ErrorCode InvalidPrice = new("invalid-price");
    public static readonly ErrorCode PriceOutOfBand = new("price-out-of-band");
    public static readonly ErrorCode NotMovable = new("order-not-movable");
    public static readonly ErrorCode TooManyOrders = new("too-many-orders");
    public static readonly ErrorCode InvalidMarket = new("invalid-market");
    public static readonly ErrorCode ClientOrderIdUsed = new("client-order-id-used");

    /// <summary>The error for an engine refusal, naming the field the caller sent.</summary>
    public static KinkoError From(Refusal refusal, Market? market = null) => refusal switch
    {
        Refusal.InvalidAmount => new(ErrorCode.InvalidAmount, "must be greater than zero", "amount"),
        Refusal.BelowMinimum => new(BelowMinimum, market is null ? "is below the market's minimum" : $"is below the minimum of {market.Spec.MinAmount} {market.Base.Code}", "amount"),
        Refusal.InvalidPrice => new(InvalidPrice, "must be greater than zero", "rate"),
        Refusal.PriceOutOfBand => new(PriceOutOfBand, "is too far from the last trade price (the market's price band)", "rate"),
        Refusal.UnknownOrder => new(UnknownOrder, "no open order with this id", "id"),
        Refusal.NotMovable => new(NotMovable, "a stop order waiting for its trigger cannot be moved; cancel it instead", "id"),
        Refusal.TooManyOrders => new(TooManyOrders, "the market holds as many orders as it may", "pair"),
        _ => new(ErrorCode.InvalidField, $"refused ({refusal})", "id"),
    };
}
