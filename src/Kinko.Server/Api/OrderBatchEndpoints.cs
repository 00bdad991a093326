using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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
/// Kinko extension: several orders placed, or cancelled, in one signed request (docs/decisions.md,
/// "REST load: batch orders"). The body is a JSON object; what the request itself shows is checked
/// whole first (one malformed item refuses the request and changes nothing), then the commands go to
/// the sequencer in their order and each is answered as the single route would answer it. Permission:
/// trade. A batch of placements counts each order against the new-order limit.
/// </summary>
public static class OrderBatchEndpoints
{
    /// <summary>Most orders (or ids) in one request.</summary>
    public const int MaxItems = 20;

    /// <summary>An item whose command failed in the sequencer (the store could not be written): it may be retried.</summary>
    public const string Unconfirmed = "service unavailable: this order could not be confirmed; try again later (a client_order_id makes a retry safe)";

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var trading = app.ServiceProvider.GetRequiredService<TradingSequencer>();
        var limiter = app.ServiceProvider.GetRequiredService<RateLimiter>();
        app.MapPost("/api/exchange/orders/batch", http => PlaceAsync(http, trading, limiter))
            .Requires(ApiPermission.Trade).LimitedAs(RateCategory.Orders, perItem: true).NonceWrittenWithCommand();
        app.MapPost("/api/exchange/orders/cancel_batch", http => CancelAsync(http, trading)).Requires(ApiPermission.Trade).NonceWrittenWithCommand();
    }

    private static Task PlaceAsync(HttpContext http, TradingSequencer trading, RateLimiter limiter) =>
        OrderEndpoints.AnswerAsync(http, caller => PlaceAllAsync(caller, trading, limiter));

    private static Task CancelAsync(HttpContext http, TradingSequencer trading) =>
        OrderEndpoints.AnswerAsync(http, caller => CancelAllAsync(caller, trading));

    private static async Task<IResult> PlaceAllAsync(ApiCaller caller, TradingSequencer trading, RateLimiter limiter)
    {
        if (!TryReadItems<NewOrder>(caller.Body, "orders", TryOrder, out var orders, out var error))
        {
            return ApiJson.Error(error);
        }

        if (limiter.NeverFits(caller.UserId, RateCategory.Orders, orders.Count) is { } tooMany)
        {
            return ApiJson.Error($"orders: {tooMany}");
        }

        if (limiter.Refusal(caller.UserId, RateCategory.Orders, orders.Count) is { } refused)
        {
            return refused;
        }

        var outcomes = await SubmitAllAsync(trading, orders.ConvertAll(o => (TradingCommand)o.Command), caller);
        return new WrittenJson(w => WriteAnswers(w, outcomes, (i, result) =>
        {
            if (result!.Accepted)
            {
                OrderJson.WritePlaced(w, orders[i].Market, orders[i].Command, orders[i].OrderType, result.OrderId, OrderEndpoints.PlacedAt(trading, caller, result));
            }
            else
            {
                w.WriteBoolean("success", false);
                w.WriteString("error", OrderEndpoints.Refusal(result));
            }
        }));

        bool TryOrder(JsonElement item, out NewOrder order, [NotNullWhen(false)] out string? error) => OrderBatchEndpoints.TryOrder(item, trading, caller, out order, out error);
    }

    private static async Task<IResult> CancelAllAsync(ApiCaller caller, TradingSequencer trading)
    {
        if (!TryReadItems<long>(caller.Body, "ids", TryId, out var ids, out var error))
        {
            return ApiJson.Error(error);
        }

        // An id that is not one of the caller's open orders is answered without a command, as the single route answers it.
        var cancels = ids.ConvertAll(id => OrderEndpoints.CancelCommand(trading, caller, id));
        var commands = cancels.OfType<TradingCommand>().ToList();
        var outcomes = commands.Count == 0 ? [] : await SubmitAllAsync(trading, commands, caller);
        var next = 0;
        var answers = cancels.ConvertAll(cancel => cancel is null ? null : outcomes[next++]);
        return new WrittenJson(w => WriteAnswers(w, answers, (i, result) =>
        {
            w.WriteBoolean("success", result?.Accepted == true);
            w.WriteNumber("id", ids[i]);
            if (result?.Accepted != true)
            {
                w.WriteString("error", OrderEndpoints.NoOpenOrder(ids[i].ToString(CultureInfo.InvariantCulture)));
            }
        }));
    }

    /// <summary>
    /// Submits the request's commands with its nonce, which their commits write. When every command
    /// failed, nothing changed: the failure is thrown, for the usual JSON 5xx.
    /// </summary>
    private static async Task<IReadOnlyList<Task<TradingResult>>> SubmitAllAsync(TradingSequencer trading, IReadOnlyList<TradingCommand> commands, ApiCaller caller)
    {
        var outcomes = await trading.SubmitAllAsync(commands, caller.Nonce?.Value);
        if (outcomes.All(t => !t.IsCompletedSuccessfully))
        {
            await outcomes[0];
        }

        if (TradingSequencer.NonceWritten(outcomes))
        {
            caller.Nonce?.WrittenWithCommand();
        }

        return outcomes;
    }

    /// <summary>
    /// The body's array <paramref name="name"/> (1 to <see cref="MaxItems"/> items), each item read by
    /// <paramref name="read"/>; or the first error, naming the item (<c>orders[1]: …</c>).
    /// </summary>
    private static bool TryReadItems<T>(string body, string name, TryRead<T> read, out List<T> values, [NotNullWhen(false)] out string? error)
    {
        values = [];
        error = null;
        using var document = RequestParameters.IsJson(body) ? RequestParameters.ParseObject(body, out error) : null;
        if (document is null)
        {
            error ??= NotABatch(name);
            return false;
        }

        var list = document.RootElement.TryGetProperty(name, out var found) ? found : default;
        error = list.ValueKind == JsonValueKind.Undefined ? $"{name} is required: {NotABatch(name)}"
            : list.ValueKind != JsonValueKind.Array ? $"{name}: must be an array of 1 to {MaxItems} items"
            : list.GetArrayLength() is 0 or > MaxItems ? $"{name}: {list.GetArrayLength()} items; a batch holds 1 to {MaxItems}"
            : null;
        if (error is not null)
        {
            return false;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (!read(item, out var value, out var itemError))
            {
                error = $"{name}[{index}]: {itemError}";
                return false;
            }

            values.Add(value);
            index++;
        }

        return true;
    }

    /// <summary>A new order as the single route reads its parameters.</summary>
    private static bool TryOrder(JsonElement item, TradingSequencer trading, ApiCaller caller, out NewOrder order, [NotNullWhen(false)] out string? error)
    {
        order = null!; // read only when true is returned
        if (!RequestParameters.TryRead(item, out var values, out error)
            || !OrderParameters.TryCommand(values, trading.Markets, caller.UserId, out var market, out var command, out error))
        {
            return false;
        }

        order = new NewOrder(market, command, values["order_type"]);
        return true;
    }

    /// <summary>An order id: a positive integer, as a number or a string of digits.</summary>
    private static bool TryId(JsonElement item, out long id, [NotNullWhen(false)] out string? error)
    {
        var text = item.ValueKind switch
        {
            JsonValueKind.String => item.GetString(),
            JsonValueKind.Number => item.GetRawText(),
            _ => null,
        };
        id = 0;
        error = text is not null && OrderEndpoints.TryOrderId(text, out id) ? null : $"not an order id: {item.GetRawText()}";
        return error is null;
    }

    private static string NotABatch(string name) => $"body: a JSON object with an array \"{name}\" of 1 to {MaxItems} items";

    /// <summary>
    /// Writes <c>"success":true</c> and the array <c>orders</c>: for each item an object, with what
    /// <paramref name="writeFields"/> writes for its result (null: no command was sent), or the error of
    /// a command that failed.
    /// </summary>
    private static void WriteAnswers(Utf8JsonWriter w, IReadOnlyList<Task<TradingResult>?> outcomes, Action<int, TradingResult?> writeFields)
    {
        w.WriteBoolean("success", true);
        w.WriteStartArray("orders");
        for (var i = 0; i < outcomes.Count; i++)
        {
            w.WriteStartObject();
            if (outcomes[i] is { IsCompletedSuccessfully: false })
            {
                w.WriteBoolean("success", false);
                w.WriteString("error", Unconfirmed);
            }
            else
            {
                writeFields(i, outcomes[i]?.Result);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Reads one item of a batch: its value, or an error.</summary>
    private delegate bool TryRead<T>(JsonElement item, out T value, [NotNullWhen(false)] out string? error);

    /// <summary>One order of a batch, as read: its market, its command, and the order type it was asked as.</summary>
    private sealed record NewOrder(Market Market, PlaceOrder Command, string? OrderType);
}
