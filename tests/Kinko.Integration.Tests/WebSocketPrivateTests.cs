using System.Globalization;
using System.Net;
using System.Text.Json;
using Kinko.Server.Api.Auth;

namespace Kinko.Integration.Tests;

/// <summary>The private WebSocket (/ws/private): a signed login, then the owner's own order, execution and balance events.</summary>
public sealed class WebSocketPrivateTests : IAsyncLifetime
{
    private const long Seller = 31;
    private const long Buyer = 32;
    private ApiServer _server = null!;
    private (string Key, string Secret) _seller;
    private (string Key, string Secret) _buyer;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-ws-private");
        _seller = _server.Trader(Seller, ("BTC", 1_0000_0000L));
        _buyer = _server.Trader(Buyer, ("JPY", 10_000_000_0000L));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_login_with_a_bad_signature_is_refused_and_the_connection_closed()
    {
        await using var ws = await WsClient.ConnectAsync(_server, "/ws/private");
        var nonce = _server.ReserveNonces(1).ToString(CultureInfo.InvariantCulture);
        await ws.SendAsync(new { type = "login", access_key = _seller.Key, access_nonce = nonce, access_signature = RequestSignature.Compute("not the secret", nonce, ws.Url, "") });

        var answer = (await ws.ReceiveAsync()).ShouldNotBeNull();
        answer.GetProperty("type").GetString().ShouldBe("login");
        answer.GetProperty("success").GetBoolean().ShouldBeFalse();
        answer.GetProperty("error").GetString().ShouldBe(ApiKeys.InvalidAuthentication);
        (await ws.ReceiveAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Each_customer_receives_only_their_own_orders_executions_and_balance()
    {
        await using var seller = await LoginAsync(_seller);
        await using var buyer = await LoginAsync(_buyer);
        await using var bystander = await LoginAsync(_server.Get<ApiKeys>().Create(33, ["read"]));

        var sellId = await Place(_seller, "amount=0.01&order_type=sell&pair=btc_jpy&rate=5000000");
        var (sellerNew, _) = await seller.ReceiveUntilAsync(m => Is(m, "order-events", "NEW"));
        sellerNew.GetProperty("id").GetInt64().ShouldBe(sellId);
        sellerNew.GetProperty("order_type").GetString().ShouldBe("sell");
        sellerNew.GetProperty("rate").GetString().ShouldBe("5000000");
        sellerNew.GetProperty("pending_amount").GetString().ShouldBe("0.01");
        var (reserved, _) = await seller.ReceiveUntilAsync(m => Channel(m) == "balance");
        reserved.GetProperty("balance").GetProperty("btc_reserved").GetString().ShouldBe("0.01");

        var buyId = await Place(_buyer, "amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000");
        var (sellerFill, sellerEarlier) = await seller.ReceiveUntilAsync(m => Is(m, "order-events", "FILL"));
        sellerFill.GetProperty("id").GetInt64().ShouldBe(sellId);
        sellerFill.GetProperty("pending_amount").GetString().ShouldBe("0");
        var sellerExecution = sellerEarlier.Concat([await NextOf(seller, "execution-events", sellerEarlier)]).First(m => Channel(m) == "execution-events");
        sellerExecution.GetProperty("order_id").GetInt64().ShouldBe(sellId);
        sellerExecution.GetProperty("liquidity").GetString().ShouldBe("M");
        sellerExecution.GetProperty("side").GetString().ShouldBe("sell");
        sellerExecution.GetProperty("amount").GetString().ShouldBe("0.01");
        sellerExecution.GetProperty("fee").GetString().ShouldBe("-5");
        sellerExecution.GetProperty("fee_currency").GetString().ShouldBe("JPY");
        var (sellerBalance, _) = await seller.ReceiveUntilAsync(m => Channel(m) == "balance");
        sellerBalance.GetProperty("balance").GetProperty("btc").GetString().ShouldBe("0.99");

        var (buyerFill, buyerEarlier) = await buyer.ReceiveUntilAsync(m => Is(m, "order-events", "FILL"));
        buyerFill.GetProperty("id").GetInt64().ShouldBe(buyId);
        buyerEarlier.ShouldContain(m => Is(m, "order-events", "NEW") && m.GetProperty("id").GetInt64() == buyId);
        buyerEarlier.ShouldContain(m => Channel(m) == "execution-events" && m.GetProperty("liquidity").GetString() == "T");
        buyerEarlier.Concat([buyerFill]).Where(m => Channel(m) != "balance").ShouldAllBe(m => m.GetProperty("id").GetInt64() == buyId || m.GetProperty("order_id").GetInt64() == buyId);
        sellerEarlier.Where(m => Channel(m) == "order-events").ShouldAllBe(m => m.GetProperty("id").GetInt64() == sellId);

        // The bystander's connection saw nothing but its own starting balance: a ping of its own proves the queue is drained.
        await Place(_seller, "amount=0.01&order_type=sell&pair=btc_jpy&rate=5400000");
        await seller.ReceiveUntilAsync(m => Is(m, "order-events", "NEW"));
        await bystander.SendAsync(new { type = "subscribe", channels = new[] { "order-events" } });
        var (ack, seen) = await bystander.ReceiveUntilAsync(m => m.TryGetProperty("type", out var t) && t.GetString() == "subscribe");
        ack.GetProperty("success").GetBoolean().ShouldBeTrue();
        seen.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_private_channel_that_does_not_exist_gets_a_json_error()
    {
        await using var ws = await LoginAsync(_seller, subscribe: false);
        await ws.SendAsync(new { type = "subscribe", channels = new[] { "order-events", "margin-calls" } });
        var error = (await ws.ReceiveAsync()).ShouldNotBeNull();
        error.GetProperty("type").GetString().ShouldBe("error");
        error.GetProperty("channel").GetString().ShouldBe("margin-calls");
    }

    private async Task<WsClient> LoginAsync((string Key, string Secret) key, bool subscribe = true)
    {
        var ws = await WsClient.ConnectAsync(_server, "/ws/private");
        var nonce = _server.ReserveNonces(1).ToString(CultureInfo.InvariantCulture);
        await ws.SendAsync(new { type = "login", access_key = key.Key, access_nonce = nonce, access_signature = RequestSignature.Compute(key.Secret, nonce, ws.Url, "") });
        var login = (await ws.ReceiveAsync()).ShouldNotBeNull();
        login.GetProperty("success").GetBoolean().ShouldBeTrue(login.ToString());
        if (subscribe)
        {
            await ws.SendAsync(new { type = "subscribe", channels = new[] { "order-events", "execution-events", "balance" } });
            (await ws.ReceiveAsync()).ShouldNotBeNull().GetProperty("success").GetBoolean().ShouldBeTrue();
            (await ws.ReceiveAsync()).ShouldNotBeNull().GetProperty("channel").GetString().ShouldBe("balance");
        }

        return ws;
    }

    private static async Task<JsonElement> NextOf(WsClient ws, string channel, List<JsonElement> already) =>
        already.Any(m => Channel(m) == channel) ? already.First(m => Channel(m) == channel) : (await ws.ReceiveUntilAsync(m => Channel(m) == channel)).Match;

    private static string? Channel(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("channel", out var c) ? c.GetString() : null;

    private static bool Is(JsonElement message, string channel, string orderEvent) =>
        Channel(message) == channel && message.GetProperty("order_event").GetString() == orderEvent;

    private async Task<long> Place((string Key, string Secret) key, string body)
    {
        var (status, answer) = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", key, body);
        status.ShouldBe(HttpStatusCode.OK, answer.ToString());
        return answer.GetProperty("id").GetInt64();
    }
}
