using Kinko.Trading.Matching;

namespace Kinko.Server.Api;

/// <summary>How the API (REST and WebSocket) names the engine's sides, order types, time-in-force and expiry reasons (spec §6.3, §6.4).</summary>
public static class ApiNames
{
    private static readonly Dictionary<string, TimeInForce> TimesInForce = new(StringComparer.Ordinal)
    {
        ["good_til_cancelled"] = TimeInForce.GoodTilCancelled,
        ["post_only"] = TimeInForce.PostOnly,
        ["immediate_or_cancel"] = TimeInForce.ImmediateOrCancel,
        ["fill_or_kill"] = TimeInForce.FillOrKill,
    };

    public static string SideName(Side side) => side == Side.Buy ? "buy" : "sell";

    /// <summary><c>buy</c>/<c>sell</c> for limit and stop-limit orders, else <c>market_buy</c>/<c>market_sell</c>.</summary>
    public static string OrderTypeName(Side side, OrderType type) => type switch
    {
        OrderType.MarketBuy => "market_buy",
        OrderType.MarketSell => "market_sell",
        _ => SideName(side),
    };

    public static string TimeInForceName(TimeInForce timeInForce) => TimesInForce.First(t => t.Value == timeInForce).Key;

    /// <summary>The time-in-force a client named (none or empty: good till cancelled); false for a name the API does not know.</summary>
    public static bool TryTimeInForce(string? name, out TimeInForce timeInForce)
    {
        if (string.IsNullOrEmpty(name))
        {
            timeInForce = TimeInForce.GoodTilCancelled;
            return true;
        }

        return TimesInForce.TryGetValue(name, out timeInForce);
    }

    public static string TimesInForceList => string.Join(", ", TimesInForce.Keys);

    /// <summary>The <c>expired_type</c> of an order that expired (null when it did not).</summary>
    public static string? ExpiryName(ExpiryReason reason) => reason switch
    {
        ExpiryReason.None => null,
        ExpiryReason.SelfTradePrevention => "self_trade_prevention",
        ExpiryReason.PriceLimit => "price_limit",
        ExpiryReason.PostOnly => "post_only",
        ExpiryReason.UnfilledMarket => "unfilled_market",
        ExpiryReason.ImmediateOrCancel => "immediate_or_cancel",
        ExpiryReason.FillOrKill => "fill_or_kill",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown expiry reason"),
    };
}
