using Kinko.Primitives;
using Kinko.Server.Api.Auth;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kinko.Server.Api;

/// <summary>Placing, listing and cancelling orders (spec §6.3, §6.5, §6.6). Permissions: trade to place or cancel, read to list.</summary>
public static class OrderEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/exchange/orders", PlaceAsync);
        app.MapGet("/api/exchange/orders/opens", OpensAsync);
        app.MapDelete("/api/exchange/orders/{id}", CancelAsync);
    }

    private static async Task<IResult> PlaceAsync(HttpRequest request, ApiKeys keys, TradingSequencer trading)
    {
        var (caller, error) = await keys.AuthenticateAsync(request, "trade");
        if (caller is null)
        {
            return error!;
        }

        var values = OrderParameters.Read(request, caller.Body);
        var pair = values.GetValueOrDefault("pair");
        if (string.IsNullOrEmpty(pair) || !trading.Markets.TryGetValue(pair, out var market))
        {
            return ApiJson.Error(string.IsNullOrEmpty(pair) ? "pair is required" : $"pair: no market '{pair}'");
        }

        PlaceOrder command;
        try
        {
            command = ToCommand(values, market, caller.UserId);
        }
        catch (KinkoException e)
        {
            return ApiJson.Error(e.Message);
        }

        var result = await trading.SubmitAsync(command);
        if (!result.Accepted)
        {
            return ApiJson.Error($"{result.Error!.Code}: {(result.Error.Field is null ? "" : result.Error.Field + " ")}{result.Error.Message}");
        }

        return Results.Json(new
        {
            success = true,
            id = result.OrderId,
            rate = command.Type == OrderType.Limit ? ApiJson.PriceText(market, command.PriceTicks) : null,
            amount = command.Type == OrderType.MarketBuy ? null : ApiJson.BaseAmount(market, command.Lots),
            order_type = values["order_type"],
            time_in_force = values.GetValueOrDefault("time_in_force") ?? "good_til_cancelled",
            stop_loss_rate = command.StopPriceTicks > 0 ? ApiJson.PriceText(market, command.StopPriceTicks) : null,
            pair = market.Pair,
            created_at = ApiJson.Time(trading.Orders.Find(result.OrderId)?.CreatedAt ?? DateTimeOffset.UtcNow),
        });
    }

    private static async Task<IResult> OpensAsync(HttpRequest request, ApiKeys keys, TradingSequencer trading)
    {
        var (caller, error) = await keys.AuthenticateAsync(request, "read");
        if (caller is null)
        {
            return error!;
        }

        return Results.Json(new
        {
            success = true,
            orders = trading.Orders.OfOwner(caller.UserId).Select(o =>
            {
                var market = trading.Markets[o.Pair];
                return new
                {
                    id = o.OrderId,
                    order_type = o.Side == Side.Buy ? "buy" : "sell",
                    rate = o.Type == OrderType.Limit ? ApiJson.Price(market, o.LimitTicks) : (decimal?)null,
                    pair = o.Pair,
                    pending_amount = o.Type == OrderType.MarketBuy ? null : ApiJson.BaseAmount(market, o.RemainingLots),
                    pending_market_buy_amount = o.Type == OrderType.MarketBuy ? AmountText.Format(o.RemainingBudget, market.Quote.Scale) : null,
                    stop_loss_rate = o.StopPriceTicks > 0 ? ApiJson.PriceText(market, o.StopPriceTicks) : null,
                    created_at = ApiJson.Time(o.CreatedAt),
                };
            }),
        });
    }

    private static async Task<IResult> CancelAsync(string id, HttpRequest request, ApiKeys keys, TradingSequencer trading)
    {
        var (caller, error) = await keys.AuthenticateAsync(request, "trade");
        if (caller is null)
        {
            return error!;
        }

        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var orderId)
            || trading.Orders.Find(orderId) is not { } order || order.OwnerId != caller.UserId)
        {
            return ApiJson.Error($"id: no open order {id}");
        }

        var result = await trading.SubmitAsync(new CancelOrder(order.Pair, caller.UserId, orderId));
        return result.Accepted
            ? Results.Json(new { success = true, id = orderId })
            : ApiJson.Error($"id: no open order {id}");
    }

    /// <summary>Coincheck's parameters as a trading command; an error names the parameter.</summary>
    private static PlaceOrder ToCommand(IReadOnlyDictionary<string, string?> values, Market market, long owner)
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
        OrderParameters.TryDecimal(values, name, out var value, out var error) ? value : throw new KinkoException(ErrorCode.InvalidField, error!, name);

    private static KinkoException Missing(string name, string? orderType) =>
        new(ErrorCode.InvalidField, $"is required for order_type {orderType}", name);

    private static string ToText(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
