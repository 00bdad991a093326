using System.Text.Json;
using Kinko.Server.Api.Auth;
using Kinko.Server.Api.Limits;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Server.Api;

/// <summary>
/// Kinko extension: several orders placed, or cancelled, in one signed request (docs/api.md, "Batch
/// orders"), as market makers do on exchanges that offer it. The body is a JSON object; input is
/// checked whole first (one malformed order refuses the request and changes nothing), then the
/// orders go to the sequencer in their order and each is answered as the single route would answer
/// it, accepted or refused. Permission: trade. A batch of placements counts each order against the
/// new-order limit.
/// </summary>
public static class OrderBatchEndpoints
{
    /// <summary>Most orders (or ids) in one request.</summary>
    public const int MaxItems = 20;

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var trading = app.ServiceProvider.GetRequiredService<TradingSequencer>();
        var limiter = app.ServiceProvider.GetRequiredService<RateLimiter>();
        app.MapPost("/api/exchange/orders/batch", http => PlaceAsync(http, trading, limiter)).Requires(ApiPermission.Trade).NonceWrittenWithCommand();
        app.MapPost("/api/exchange/orders/cancel_batch", http => CancelAsync(http, trading)).Requires(ApiPermission.Trade).NonceWrittenWithCommand();
    }

    private static Task PlaceAsync(HttpContext http, TradingSequencer trading, RateLimiter limiter) =>
        OrderEndpoints.AnswerAsync(http, caller => PlaceAllAsync(caller, trading, limiter));

    private static Task CancelAsync(HttpContext http, TradingSequencer trading) =>
        OrderEndpoints.AnswerAsync(http, caller => CancelAllAsync(caller, trading));

    private static async Task<IResult> PlaceAllAsync(ApiCaller caller, TradingSequencer trading, RateLimiter limiter)
    {
        var markets = new List<Market>();
        var commands = new List<PlaceOrder>();
        var orderTypes = new List<string?>();
        using (var document = Parse(caller.Body, "orders", out var items, out var error))
        {
            for (var i = 0; error is null && i < items.Count; i++)
            {
                if (RequestParameters.TryRead(items[i], $"orders[{i}]", out var values, out error)
                    && OrderParameters.TryCommand(values, trading.Markets, caller.UserId, out var market, out var command, out error))
                {
                    markets.Add(market);
                    commands.Add(command);
                    orderTypes.Add(values["order_type"]);
                }
                else if (!error!.StartsWith("orders[", StringComparison.Ordinal))
                {
                    error = $"orders[{i}]: {error}";
                }
            }

            if (error is not null)
            {
                return ApiJson.Error(error);
            }
        }

        var most = limiter.MostAtOnce(caller.UserId, RateCategory.Orders);
        if (commands.Count > most)
        {
            return ApiJson.Error($"orders: {commands.Count} in one request is more than your tier's {most} new orders a second");
        }

        if (limiter.Refusal(caller.UserId, RateCategory.Orders, commands.Count) is { } tooMany)
        {
            return tooMany;
        }

        var results = await trading.SubmitAllAsync(commands, caller.Nonce?.Value);
        caller.Nonce?.WrittenWithCommand();
        var placedAt = results.Select(r => r.Accepted ? OrderEndpoints.PlacedAt(trading, caller, r) : default).ToArray();
        return new WrittenJson(w => WriteAnswers(w, results.Length, i =>
        {
            if (results[i].Accepted)
            {
                OrderJson.WritePlaced(w, markets[i], commands[i], orderTypes[i], results[i].OrderId, placedAt[i]);
            }
            else
            {
                w.WriteBoolean("success", false);
                w.WriteString("error", OrderEndpoints.Refusal(results[i]));
            }
        }));
    }

    private static async Task<IResult> CancelAllAsync(ApiCaller caller, TradingSequencer trading)
    {
        var ids = new List<long>();
        using (var document = Parse(caller.Body, "ids", out var items, out var error))
        {
            if (error is not null)
            {
                return ApiJson.Error(error);
            }

            for (var i = 0; i < items.Count; i++)
            {
                var text = items[i].ValueKind switch
                {
                    JsonValueKind.String => items[i].GetString(),
                    JsonValueKind.Number => items[i].GetRawText(),
                    _ => null,
                };
                if (text is null || !OrderEndpoints.TryOrderId(text, out var id))
                {
                    return ApiJson.Error($"ids[{i}]: not an order id: {items[i].GetRawText()}");
                }

                ids.Add(id);
            }
        }

        // An id that is not one of the caller's open orders is refused without a command, as the single route refuses it.
        var commands = new List<TradingCommand>();
        var commandOf = new int[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            commandOf[i] = -1;
            if (trading.Orders.Find(ids[i]) is { } order && order.OwnerId == caller.UserId)
            {
                commandOf[i] = commands.Count;
                commands.Add(new CancelOrder(order.Pair, caller.UserId, ids[i]));
            }
        }

        var results = commands.Count == 0 ? [] : await trading.SubmitAllAsync(commands, caller.Nonce?.Value);
        if (commands.Count > 0)
        {
            caller.Nonce?.WrittenWithCommand();
        }

        return new WrittenJson(w => WriteAnswers(w, ids.Count, i =>
        {
            var cancelled = commandOf[i] >= 0 && results[commandOf[i]].Accepted;
            w.WriteBoolean("success", cancelled);
            w.WriteNumber("id", ids[i]);
            if (!cancelled)
            {
                w.WriteString("error", $"id: no open order {ids[i]}");
            }
        }));
    }

    /// <summary>
    /// The request's JSON body and its array <paramref name="name"/>, of 1 to <see cref="MaxItems"/>
    /// items; otherwise an error (and possibly no document).
    /// </summary>
    private static JsonDocument? Parse(string body, string name, out IReadOnlyList<JsonElement> items, out string? error)
    {
        items = [];
        error = $"body: a JSON object with an array \"{name}\" of 1 to {MaxItems} items";
        if (!body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (!document.RootElement.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            error = $"{name} is required: {error}";
            return document;
        }

        var count = list.GetArrayLength();
        if (count is 0 or > MaxItems)
        {
            error = $"{name}: {count} items; a batch holds 1 to {MaxItems}";
            return document;
        }

        items = [.. list.EnumerateArray()];
        error = null;
        return document;
    }

    /// <summary>Writes <c>"success":true</c> and the array <c>orders</c> of <paramref name="count"/> answers, each an object of what <paramref name="writeFields"/> writes.</summary>
    private static void WriteAnswers(Utf8JsonWriter w, int count, Action<int> writeFields)
    {
        w.WriteBoolean("success", true);
        w.WriteStartArray("orders");
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            writeFields(i);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
