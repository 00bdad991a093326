using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Kinko.Primitives;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Server.Api;

/// <summary>A new order's parameters (spec §6.3) as a trading command, read from <see cref="RequestParameters"/>.</summary>
public static class OrderParameters
{
    /// <summary>A decimal parameter as clients send it (<c>1e-7</c>, <c>0.30000000000000004</c>), or an error naming it.</summary>
    public static bool TryDecimal(IReadOnlyDictionary<string, string?> values, string name, out decimal? value, out string? error)
    {
        value = null;
        error = null;
        if (!values.TryGetValue(name, out var text) || string.IsNullOrEmpty(text) || text == "null")
        {
            return true;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            error = $"{name} must be a number, not '{text}'";
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>The order's market and command, or an error naming the parameter (the pair first).</summary>
    public static bool TryCommand(IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, Market> markets, long owner,
        [NotNullWhen(true)] out Market? market, [NotNullWhen(true)] out PlaceOrder? command, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(markets);
        command = null;
        var pair = values.GetValueOrDefault("pair");
        if (string.IsNullOrEmpty(pair) || !markets.TryGetValue(pair, out market))
        {
            market = null;
            error = string.IsNullOrEmpty(pair) ? "pair is required" : $"pair: no market '{pair}'";
            return false;
        }

        try
        {
            command = ToCommand(values, market, owner);
            error = null;
            return true;
        }
        catch (KinkoException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>Coincheck's parameters as a trading command; an error names the parameter.</summary>
    public static PlaceOrder ToCommand(IReadOnlyDictionary<string, string?> values, Market market, long owner)
    {
        var orderType = values.GetValueOrDefault("order_type");
        var timeInForceName = values.GetValueOrDefault("time_in_force");
        if (!ApiNames.TryTimeInForce(timeInForceName, out var timeInForce))
        {
            throw new KinkoException(ErrorCode.InvalidField, $"'{timeInForceName}' is not one of {ApiNames.TimesInForceList}", "time_in_force");
        }

        var rate = Decimal(values, "rate");
        var amount = Decimal(values, "amount");
        var budget = Decimal(values, "market_buy_amount");
        var stop = Decimal(values, "stop_loss_rate");
        var stopTicks = stop is { } s ? market.PriceTicks(s, "stop_loss_rate") : 0;
        var clientOrderId = values.GetValueOrDefault("client_order_id");
        return orderType switch
        {
            "buy" or "sell" => new PlaceOrder(market.Pair, owner, orderType == "buy" ? Side.Buy : Side.Sell, OrderType.Limit, timeInForce,
                market.PriceTicks(rate ?? throw Missing("rate", orderType), "rate"), market.Lots(amount ?? throw Missing("amount", orderType), "amount"),
                StopPriceTicks: stopTicks, ClientOrderId: clientOrderId),
            "market_sell" => new PlaceOrder(market.Pair, owner, Side.Sell, OrderType.MarketSell, TimeInForce.ImmediateOrCancel, 0,
                market.Lots(amount ?? throw Missing("amount", orderType), "amount"), StopPriceTicks: stopTicks, ClientOrderId: clientOrderId),
            "market_buy" when amount is not null => throw new KinkoException(ErrorCode.InvalidField, "a market buy gives market_buy_amount (JPY to spend), not amount", "amount"),
            "market_buy" => new PlaceOrder(market.Pair, owner, Side.Buy, OrderType.MarketBuy, TimeInForce.ImmediateOrCancel, 0, 0,
                AmountText.Parse(ToText(budget ?? throw Missing("market_buy_amount", orderType)), market.Quote.Scale, "market_buy_amount"),
                StopPriceTicks: stopTicks, ClientOrderId: clientOrderId),
            _ => throw new KinkoException(ErrorCode.InvalidField, "must be buy, sell, market_buy or market_sell", "order_type"),
        };
    }

    private static decimal? Decimal(IReadOnlyDictionary<string, string?> values, string name) =>
        TryDecimal(values, name, out var value, out var error) ? value : throw new KinkoException(ErrorCode.InvalidField, error!, name);

    private static KinkoException Missing(string name, string? orderType) =>
        new(ErrorCode.InvalidField, $"is required for order_type {orderType}", name);

    private static string ToText(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
