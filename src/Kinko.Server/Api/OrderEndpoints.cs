using System.Globalization;
using Kinko.Primitives;
using Kinko.Server.Api.Auth;
using Kinko.Server.Api.Limits;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Server.Api;

/// <summary>Placing, reading and cancelling orders (spec §6.3 to §6.7). Permissions: trade to place or cancel, read to look.</summary>
public static class OrderEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var trading = app.ServiceProvider.GetRequiredService<TradingSequencer>();
        app.MapPost("/api/exchange/orders", http => PlaceAsync(http, trading)).Requires(ApiPermission.Trade).LimitedAs(RateCategory.Orders).NonceWrittenWithCommand();
        app.MapGet("/api/exchange/orders/opens", Opens).Requires(ApiPermission.Read);
        app.MapGet("/api/exchange/orders/cancel_status", CancelStatus).Requires(ApiPermission.Read);
        app.MapGet("/api/exchange/orders/{id}", Detail).Requires(ApiPermission.Read).LimitedAs(RateCategory.OrderDetails);
        app.MapDelete("/api/exchange/orders/{id}", http => CancelAsync(http, trading)).Requires(ApiPermission.Trade).NonceWrittenWithCommand();
    }

    // The two busiest routes take the HttpContext as they are (RequestDelegate), skipping minimal
    // APIs' parameter binding and result wrapping.
    private static Task PlaceAsync(HttpContext http, TradingSequencer trading) =>
        AnswerAsync(http, caller => PlaceOrderAsync(http.Request, caller, trading));

    private static async Task<IResult> PlaceOrderAsync(HttpRequest request, ApiCaller caller, TradingSequencer trading)
    {
        if (!RequestParameters.TryRead(request, caller.Body, out var values, out var bodyError))
        {
            return ApiJson.Error(bodyError!);
        }

        if (!OrderParameters.TryCommand(values, trading.Markets, caller.UserId, out var market, out var command, out var error))
        {
            return ApiJson.Error(error);
        }

        var result = await SubmitAsync(trading, command, caller);
        if (!result.Accepted)
        {
            return ApiJson.Error(Refusal(result));
        }

        var createdAt = PlacedAt(trading, caller, result);
        return new WrittenJson(w => OrderJson.WritePlaced(w, market, command, values["order_type"], result.OrderId, createdAt));
    }

    /// <summary>Why the sequencer refused a placement, as the answer's error.</summary>
    internal static string Refusal(TradingResult result) =>
        $"{result.Error!.Code}: {(result.Error.Field is null ? "" : result.Error.Field + " ")}{result.Error.Message}";

    /// <summary>An accepted placement's time: a retried one (same client_order_id) answers its first order, whose time only the history knows.</summary>
    internal static DateTimeOffset PlacedAt(TradingSequencer trading, ApiCaller caller, TradingResult result) =>
        result.IsRepeat ? trading.History.FindOrder(caller.UserId, result.OrderId)!.CreatedAt : result.At;

    private static IResult Opens(ApiCaller caller, TradingSequencer trading) => Results.Json(new
    {
        success = true,
        orders = trading.Orders.OfOwner(caller.UserId).Select(o => OrderJson.Open(trading.Markets[o.Pair], o)),
    });

    private static IResult Detail(string id, ApiCaller caller, TradingSequencer trading) =>
        FindOwn(id, caller, trading) is { } order ? Results.Json(OrderJson.Detail(trading.Markets[order.Pair], order)) : NoOrder(id);

    /// <summary>Whether a cancel is done (spec §6.7): an order that expired counts as cancelled.</summary>
    private static IResult CancelStatus(HttpRequest request, ApiCaller caller, TradingSequencer trading)
    {
        var id = request.Query["id"].FirstOrDefault();
        if (string.IsNullOrEmpty(id))
        {
            return ApiJson.Error("id is required");
        }

        return FindOwn(id, caller, trading) is { } order
            ? Results.Json(new { success = true, id = order.OrderId, cancel = order.State is OrderState.Cancelled or OrderState.Expired, created_at = ApiJson.Time(order.CreatedAt) })
            : NoOrder(id);
    }

    private static Task CancelAsync(HttpContext http, TradingSequencer trading) =>
        AnswerAsync(http, caller => CancelOrderAsync((string)http.Request.RouteValues["id"]!, caller, trading));

    private static async Task<IResult> CancelOrderAsync(string id, ApiCaller caller, TradingSequencer trading)
    {
        if (!TryOrderId(id, out var orderId) || CancelCommand(trading, caller, orderId) is not { } cancel)
        {
            return ApiJson.Error(NoOpenOrder(id));
        }

        var result = await SubmitAsync(trading, cancel, caller);
        return result.Accepted
            ? new WrittenJson(w =>
            {
                w.WriteBoolean("success", true);
                w.WriteNumber("id", orderId);
            })
            : ApiJson.Error(NoOpenOrder(id));
    }

    /// <summary>The command that cancels one of the caller's open orders; null when the id is not one.</summary>
    internal static CancelOrder? CancelCommand(TradingSequencer trading, ApiCaller caller, long orderId) =>
        trading.Orders.Find(orderId) is { } order && order.OwnerId == caller.UserId ? new CancelOrder(order.Pair, caller.UserId, orderId) : null;

    /// <summary>The error for a cancel of anything but one of the caller's open orders.</summary>
    internal static string NoOpenOrder(string id) => $"id: no open order {id}";

    /// <summary>Runs the handler for the authenticated caller, and answers once the request's nonce is durable (written with its command, or else now on its own).</summary>
    internal static async Task AnswerAsync(HttpContext http, Func<ApiCaller, Task<IResult>> handle)
    {
        var caller = ApiCaller.Of(http);
        await caller.AnswerAsync(http, await handle(caller));
    }

    /// <summary>Submits the command with the request's nonce, which its commit writes (accepted or refused).</summary>
    private static async Task<TradingResult> SubmitAsync(TradingSequencer trading, TradingCommand command, ApiCaller caller)
    {
        var result = await trading.SubmitAsync(command, caller.Nonce?.Value);
        caller.Nonce?.WrittenWithCommand();
        return result;
    }

    private static OrderView? FindOwn(string id, ApiCaller caller, TradingSequencer trading) =>
        TryOrderId(id, out var orderId) ? trading.History.FindOrder(caller.UserId, orderId) : null;

    internal static bool TryOrderId(string id, out long orderId) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out orderId) && orderId > 0;

    private static IResult NoOrder(string id) => ApiJson.Error($"id: no order {id} of yours", StatusCodes.Status404NotFound);
}
