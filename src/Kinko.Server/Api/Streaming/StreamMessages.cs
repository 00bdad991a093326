using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Kinko.Trading.Desk;
using Kinko.Trading.MarketData;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Server.Api.Streaming;

/// <summary>
/// The WebSocket messages, written as Coincheck writes them (numbers as strings) with Kinko's
/// additions in places ccxt does not read: a trade row's ninth element and the order book's
/// <c>sequence</c> and <c>snapshot</c> fields. See docs/websocket.md.
/// </summary>
internal static class StreamMessages
{
    /// <summary><c>[[time, id, pair, rate, amount, taker side, taker order, maker order, sequence], …]</c>.</summary>
    public static byte[] Trades(Market market, FeedEvent feedEvent) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var trade in feedEvent.Trades)
        {
            w.WriteStartArray();
            w.WriteStringValue(Text(trade.At.ToUnixTimeSeconds()));
            w.WriteStringValue(Text(trade.Id));
            w.WriteStringValue(market.Pair);
            w.WriteStringValue(ApiJson.PriceText(market, trade.PriceTicks));
            w.WriteStringValue(ApiJson.BaseAmount(market, trade.Lots));
            w.WriteStringValue(ApiNames.SideName(trade.TakerSide));
            w.WriteStringValue(Text(trade.TakerOrderId));
            w.WriteStringValue(Text(trade.MakerOrderId));
            w.WriteNumberValue(feedEvent.Sequence);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    });

    /// <summary><c>[pair, {bids, asks, last_update_at, sequence, snapshot}]</c>: the changed levels (amount "0": gone) or the whole depth.</summary>
    public static byte[] OrderBook(Market market, long sequence, IEnumerable<LevelChange> bids, IEnumerable<LevelChange> asks, DateTimeOffset at, bool snapshot) => Write(w =>
    {
        w.WriteStartArray();
        w.WriteStringValue(market.Pair);
        w.WriteStartObject();
        Levels(w, "bids", market, bids);
        Levels(w, "asks", market, asks);
        w.WriteString("last_update_at", Text(at.ToUnixTimeSeconds()));
        w.WriteNumber("sequence", sequence);
        w.WriteBoolean("snapshot", snapshot);
        w.WriteEndObject();
        w.WriteEndArray();
    });

    public static byte[] Diff(Market market, FeedEvent feedEvent, DateTimeOffset at) =>
        OrderBook(market, feedEvent.Sequence, feedEvent.Changes.Where(c => c.Side == Side.Buy), feedEvent.Changes.Where(c => c.Side == Side.Sell), at, snapshot: false);

    public static byte[] Snapshot(Market market, DepthView depth, DateTimeOffset at) =>
        OrderBook(market, depth.Sequence, depth.Bids.Select(l => new LevelChange(Side.Buy, l.PriceTicks, l.Lots)),
            depth.Asks.Select(l => new LevelChange(Side.Sell, l.PriceTicks, l.Lots)), at, snapshot: true);

    /// <summary><c>{"type":"error","error":…}</c>, with the channel it is about when there is one.</summary>
    public static byte[] Error(string message, string? channel = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "error");
        w.WriteString("error", message);
        if (channel is not null)
        {
            w.WriteString("channel", channel);
        }

        w.WriteEndObject();
    });

    /// <summary>An answer to a private client's login or subscribe.</summary>
    public static byte[] Answer(string type, bool success, string? error = null, IEnumerable<string>? channels = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteBoolean("success", success);
        if (error is not null)
        {
            w.WriteString("error", error);
        }

        if (channels is not null)
        {
            w.WriteStartArray("channels");
            foreach (var channel in channels)
            {
                w.WriteStringValue(channel);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    });

    public static byte[] Order(Market market, OrderEvent e) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("channel", PrivateChannels.Orders);
        w.WriteNumber("sequence", e.Sequence);
        w.WriteNumber("id", e.OrderId);
        w.WriteString("pair", e.Pair);
        w.WriteString("order_event", OrderEventName(e.Kind));
        w.WriteString("order_type", ApiNames.OrderTypeName(e.Side, e.Type));
        w.WriteString("rate", e.LimitTicks > 0 ? ApiJson.PriceText(market, e.LimitTicks) : null);
        w.WriteString("stop_loss_rate", e.StopPriceTicks > 0 ? ApiJson.PriceText(market, e.StopPriceTicks) : null);
        w.WriteString("amount", ApiJson.BaseAmount(market, e.Kind == OrderEventKind.New ? e.RemainingLots : e.FilledLots));
        w.WriteString("pending_amount", ApiJson.BaseAmount(market, e.Kind is OrderEventKind.Filled or OrderEventKind.Cancelled or OrderEventKind.Expired ? 0 : e.RemainingLots));
        w.WriteString("expired_type", ApiNames.ExpiryName(e.Expiry));
        w.WriteString("event_time", ApiJson.Time(e.At));
        w.WriteEndObject();
    });

    public static byte[] Execution(Market market, ExecutionEvent e) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("channel", PrivateChannels.Executions);
        w.WriteNumber("sequence", e.Sequence);
        w.WriteNumber("id", e.FillId);
        w.WriteNumber("trade_id", e.TradeId);
        w.WriteNumber("order_id", e.OrderId);
        w.WriteString("pair", e.Pair);
        w.WriteString("side", ApiNames.SideName(e.Side));
        w.WriteString("liquidity", e.Maker ? "M" : "T");
        w.WriteString("rate", ApiJson.PriceText(market, e.PriceTicks));
        w.WriteString("amount", ApiJson.BaseAmount(market, e.Lots));
        w.WriteString("fee_currency", market.Quote.Code);
        w.WriteString("fee", Kinko.Primitives.AmountText.Format(e.Fee, market.Quote.Scale));
        w.WriteString("event_time", ApiJson.Time(e.At));
        w.WriteEndObject();
    });

    public static byte[] Balance(IReadOnlyDictionary<string, object> balances) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("channel", PrivateChannels.Balance);
        w.WriteStartObject("balance");
        foreach (var (name, value) in balances)
        {
            w.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static string OrderEventName(OrderEventKind kind) => kind switch
    {
        OrderEventKind.New => "NEW",
        OrderEventKind.Triggered => "TRIGGERED",
        OrderEventKind.PartiallyFilled => "PARTIALLY_FILL",
        OrderEventKind.Filled => "FILL",
        OrderEventKind.Cancelled => "CANCEL",
        OrderEventKind.Expired => "EXPIRY",
        OrderEventKind.Moved => "MOVE",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown order event"),
    };

    private static void Levels(Utf8JsonWriter w, string name, Market market, IEnumerable<LevelChange> levels)
    {
        w.WriteStartArray(name);
        foreach (var level in levels)
        {
            w.WriteStartArray();
            w.WriteStringValue(ApiJson.PriceText(market, level.PriceTicks));
            w.WriteStringValue(ApiJson.BaseAmount(market, level.Lots));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
