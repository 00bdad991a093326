namespace Kinko.Trading.Matching;

/// <summary>
/// A new order as the engine sees it: prices in ticks, amounts in lots, a market buy's budget in
/// quote minor units. The order id is chosen by the caller (the journal's sequencer) and is unique.
/// </summary>
public readonly record struct OrderRequest(
    long OrderId,
    long AccountId,
    Side Side,
    OrderType Type,
    TimeInForce TimeInForce,
    long PriceTicks,
    long Lots,
    long QuoteBudget = 0,
    long StopPriceTicks = 0)
{
    public static OrderRequest Limit(long orderId, long accountId, Side side, long priceTicks, long lots, TimeInForce timeInForce = TimeInForce.GoodTilCancelled) =>
        new(orderId, accountId, side, OrderType.Limit, timeInForce, priceTicks, lots);

    public static OrderRequest MarketSell(long orderId, long accountId, long lots) =>
        new(orderId, accountId, Side.Sell, OrderType.MarketSell, TimeInForce.ImmediateOrCancel, 0, lots);

    public static OrderRequest MarketBuy(long orderId, long accountId, long quoteBudget) =>
        new(orderId, accountId, Side.Buy, OrderType.MarketBuy, TimeInForce.ImmediateOrCancel, 0, 0, quoteBudget);

    /// <summary>A stop order: waits until the last trade reaches <paramref name="stopPriceTicks"/>, then enters as <paramref name="then"/>.</summary>
    public static OrderRequest Stop(OrderRequest then, long stopPriceTicks) => then with { StopPriceTicks = stopPriceTicks };

    public bool IsStop => StopPriceTicks > 0;
}
