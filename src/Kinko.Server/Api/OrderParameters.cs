using System.Globalization;
using System.Text.Json;
using Kinko.Primitives;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Kinko.Server.Api;

/// <summary>A private request's parameters: the form body (what ccxt sends) or a JSON object, over the query.</summary>
public static class OrderParameters
{
    /// <summary>Most parameters one request may carry.</summary>
    public const int MaxParameters = 32;

    /// <summary>
    /// The parameters: the query, then the body over it, read as a JSON object when it starts with
    /// <c>{</c>, else as a form. A body that is neither gives an error and no values.
    /// </summary>
    /// <param name="body">The raw body, as authentication read it (<see cref="Auth.ApiCaller.Body"/>).</param>
    public static bool TryRead(HttpRequest request, string body, out IReadOnlyDictionary<string, string?> values, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var read = new Dictionary<string, string?>(StringComparer.Ordinal);
        values = read;
        error = null;
        foreach (var (key, value) in request.Query)
        {
            read[key] = value.ToString();
        }

        if (body.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    read[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => property.Value.GetString(),
                        _ => property.Value.GetRawText(),
                    };
                }
            }
            catch (JsonException e)
            {
                error = $"body: not a JSON object ({e.Message.Split('.')[0]})";
                return false;
            }
        }
        else
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(body))
            {
                read[key] = value.ToString();
            }
        }

        if (read.Count > MaxParameters)
        {
            error = $"body: more than {MaxParameters} parameters";
            return false;
        }

        return true;
    }

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

    /// <summary>Coincheck's parameters as a trading command; an error names the parameter.</summary>
    public static PlaceOrder ToCommand(IReadOnlyDictionary<string, string?> values, Market market, long owner)
    {
        var orderType = values.GetValueOrDefault("order_type");
        var timeInForce = values.GetValueOrDefault("time_in_force") switch
        {
            null or "" or "good_til_cancelled" => TimeInForce.GoodTilCancelled,
            "post_only" => TimeInForce.PostOnly,
            "immediate_or_cancel" => TimeInForce.ImmediateOrCancel,
            "fill_or_kill" => TimeInForce.FillOrKill,
            var other => throw new KinkoException(ErrorCode.InvalidField, $"'{other}' is not good_til_cancelled, post_only, immediate_or_cancel or fill_or_kill", "time_in_force"),
        };
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
