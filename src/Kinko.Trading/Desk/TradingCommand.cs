using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>A command for the trading sequencer. Journaled once accepted; refused commands leave no trace.</summary>
public abstract record TradingCommand(string Pair);

/// <summary>
/// A new order from customer <paramref name="OwnerId"/>. Prices in ticks, amounts in lots, a market
/// buy's budget in quote minor units (see <see cref="Market"/> for conversions).
/// </summary>
public sealed record PlaceOrder(
    string Pair,
    long OwnerId,
    Side Side,
    OrderType Type,
    TimeInForce TimeInForce,
    long PriceTicks,
    long Lots,
    long QuoteBudget = 0,
    long StopPriceTicks = 0,
    string? ClientOrderId = null) : TradingCommand(Pair)
{
    public const int MaxClientOrderIdLength = 64;
}

/// <summary>Cancels an open or waiting order of <paramref name="OwnerId"/>.</summary>
public sealed record CancelOrder(string Pair, long OwnerId, long OrderId) : TradingCommand(Pair);

/// <summary>Cancel-and-replace: the order keeps its id and moves to a new price, losing its time priority.</summary>
public sealed record MoveOrder(string Pair, long OwnerId, long OrderId, long NewPriceTicks) : TradingCommand(Pair);

/// <summary>Opens a market or changes its rules (new orders use the new rules).</summary>
public sealed record ConfigureMarket(MarketSpec Spec) : TradingCommand(Spec.Pair);
