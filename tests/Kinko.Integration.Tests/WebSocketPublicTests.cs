using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Kinko.Server.Api.Streaming;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Integration.Tests;

/// <summary>The public WebSocket (/ws) in Coincheck's format, with Kinko's sequence numbers (docs/websocket.md).</summary>
public sealed class WebSocketPublicTests : IAsyncLifetime
{
    private const long Seller = 21;
    private const long Buyer = 22;
    private ApiServer _server = null!;
    private (string Key, string Secret) _seller;
    private (string Key, string Secret) _buyer;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-ws-public");
        _seller = _server.Trader(Seller, ("BTC", 1_0000_0000L));
        _buyer = _server.Trader(Buyer, ("JPY", 10_000_000_0000L));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Trades_and_order_book_diffs_arrive_after_the_snapshot_with_consecutive_sequences()
    {
        await using var ws = await WsClient.ConnectAsync(_server, "/ws");
        await ws.SendAsync(new { type = "subscribe", channel = "btc_jpy-trades" });
        await ws.SendAsync(new { type = "subscribe", channel = "btc_jpy-orderbook" });
        var snapshot = (await ws.ReceiveAsync()).ShouldNotBeNull();
        snapshot[0].GetString().ShouldBe("btc_jpy");
        snapshot[1].GetProperty("snapshot").GetBoolean().ShouldBeTrue();
        var start = snapshot[1].GetProperty("sequence").GetInt64();
        var (_, rest) = await _server.GetAsync("/api/order_books?pair=btc_jpy");
        rest.GetProperty("sequence").GetInt64().ShouldBe(start);

        await Place(_seller, "amount=0.01&order_type=sell&pair=btc_jpy&rate=5000000");
        var resting = (await ws.ReceiveAsync()).ShouldNotBeNull();
        resting[1].GetProperty("sequence").GetInt64().ShouldBe(start + 1);
        resting[1].GetProperty("snapshot").GetBoolean().ShouldBeFalse();
        Level(resting[1], "asks").ShouldBe(("5000000", "0.01"));

        await Place(_buyer, "amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000");
        var (trades, before) = await ws.ReceiveUntilAsync(m => m[0].ValueKind == JsonValueKind.Array);
        var (diff, _) = before.Count > 0 ? (before[0], before) : await ws.ReceiveUntilAsync(m => m[0].ValueKind == JsonValueKind.String);
        diff[1].GetProperty("sequence").GetInt64().ShouldBe(start + 2);
        Level(diff[1], "asks").ShouldBe(("5000000", "0"));

        var trade = trades.EnumerateArray().ShouldHaveSingleItem();
        trade[1].GetString().ShouldBe("1");
        trade[2].GetString().ShouldBe("btc_jpy");
        trade[3].GetString().ShouldBe("5000000");
        trade[4].GetString().ShouldBe("0.01");
        trade[5].GetString().ShouldBe("buy");
        trade[8].GetInt64().ShouldBe(start + 2);
        long.Parse(trade[0].GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task An_unknown_channel_or_bad_message_gets_a_json_error_and_the_connection_keeps_working()
    {
        await using var ws = await WsClient.ConnectAsync(_server, "/ws");
        await ws.SendAsync(new { type = "subscribe", channel = "doge_jpy-trades" });
        var error = (await ws.ReceiveAsync()).ShouldNotBeNull();
        error.GetProperty("type").GetString().ShouldBe("error");
        error.GetProperty("channel").GetString().ShouldBe("doge_jpy-trades");
        error.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("unknown channel");

        await ws.SendAsync(new { type = "subscribe", channel = "btc_jpy-candles" });
        (await ws.ReceiveAsync()).ShouldNotBeNull().GetProperty("type").GetString().ShouldBe("error");
        await ws.SendTextAsync("{not json");
        (await ws.ReceiveAsync()).ShouldNotBeNull().GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("not JSON");

        await ws.SendAsync(new { type = "subscribe", channel = "btc_jpy-orderbook" });
        (await ws.ReceiveAsync()).ShouldNotBeNull()[1].GetProperty("snapshot").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_the_connection_and_a_plain_request_gets_a_json_error()
    {
        await using var ws = await WsClient.ConnectAsync(_server, "/ws");
        await ws.SendTextAsync("{\"type\":\"subscribe\",\"channel\":\"" + new string('x', 5_000) + "\"}");
        (await ws.ReceiveAsync()).ShouldBeNull();
        ws.CloseReason.ShouldNotBeNull().ShouldContain("4096");

        var (status, body) = await _server.GetAsync("/ws");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("success").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_disconnected_while_the_others_and_trading_carry_on()
    {
        // A deep book (1,000 levels), so that every order-book snapshot is a large message.
        var trading = _server.Get<TradingSequencer>();
        var market = trading.Markets["btc_jpy"];
        var lots = market.Lots(0.001m, "amount");
        var placed = await Task.WhenAll(Enumerable.Range(0, 500).SelectMany(i => new[]
        {
            trading.SubmitAsync(new PlaceOrder("btc_jpy", Buyer, Side.Buy, OrderType.Limit, TimeInForce.GoodTilCancelled, market.PriceTicks(4_000_000m + i, "rate"), lots)),
            trading.SubmitAsync(new PlaceOrder("btc_jpy", Seller, Side.Sell, OrderType.Limit, TimeInForce.GoodTilCancelled, market.PriceTicks(5_000_000m + i, "rate"), lots)),
        }));
        placed.ShouldAllBe(r => r.Accepted);
        await using var healthy = await WsClient.ConnectAsync(_server, "/ws");
        await healthy.SendAsync(new { type = "subscribe", channel = "btc_jpy-orderbook" });
        var sequence = (await healthy.ReceiveAsync()).ShouldNotBeNull()[1].GetProperty("sequence").GetInt64();

        // A client with a tiny receive window asks for snapshot after snapshot and never reads one.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var slow = new ClientWebSocket();
        await slow.ConnectAsync(new Uri(_server.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws"), invoker, CancellationToken.None);
        var disconnected = false;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            for (var i = 0; i < 20 * StreamLimits.MaxQueuedMessagesPerConnection; i++)
            {
                foreach (var type in new[] { "unsubscribe", "subscribe" })
                {
                    await slow.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"channel\":\"btc_jpy-orderbook\"}}"), WebSocketMessageType.Text, true, patience.Token);
                }
            }

            while ((await slow.ReceiveAsync(new byte[1 << 16], patience.Token)).MessageType != WebSocketMessageType.Close)
            {
            }

            disconnected = true;
        }
        catch (WebSocketException)
        {
            disconnected = true;
        }

        disconnected.ShouldBeTrue();

        // Trading and the other client never waited for it.
        var next = await trading.SubmitAsync(new PlaceOrder("btc_jpy", Buyer, Side.Buy, OrderType.Limit, TimeInForce.GoodTilCancelled, market.PriceTicks(4_500_000m, "rate"), lots));
        next.Accepted.ShouldBeTrue();
        var diff = (await healthy.ReceiveAsync()).ShouldNotBeNull();
        diff[1].GetProperty("sequence").GetInt64().ShouldBe(sequence + 1);
        // The new level enters the 500 published, the farthest bid leaves them ("0").
        diff[1].GetProperty("bids").EnumerateArray().Select(l => (l[0].GetString(), l[1].GetString())).ShouldBe([("4500000", "0.001"), ("4000000", "0")]);
    }

    private static (string Price, string Amount) Level(JsonElement book, string side)
    {
        var level = book.GetProperty(side).EnumerateArray().ShouldHaveSingleItem();
        return (level[0].GetString()!, level[1].GetString()!);
    }

    private async Task Place((string Key, string Secret) key, string body)
    {
        var (status, answer) = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", key, body);
        status.ShouldBe(HttpStatusCode.OK, answer.ToString());
    }
}
