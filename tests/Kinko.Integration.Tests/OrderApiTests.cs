using System.Net;
using System.Text.Json;
using Kinko.Server.Api.Auth;
using Kinko.Trading.Desk;

namespace Kinko.Integration.Tests;

/// <summary>Orders through the signed API, with ccxt's form bodies and with JSON (spec §6.3, §6.5, §6.6).</summary>
public sealed class OrderApiTests : IAsyncLifetime
{
    private const long User = 9;
    private ApiServer _server = null!;
    private (string Key, string Secret) _trader;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-order-api");
        _server.Fund(User, "JPY", 10_000_000_0000L);
        _server.Fund(User, "BTC", 1_0000_0000L);
        _trader = _server.Get<ApiKeys>().Create(User, ["read", "trade"]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_limit_order_placed_with_ccxts_form_body_is_listed_open_and_can_be_cancelled()
    {
        var (status, placed) = await Send(HttpMethod.Post, "/api/exchange/orders", "amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000");
        status.ShouldBe(HttpStatusCode.OK, placed.ToString());
        placed.GetProperty("success").GetBoolean().ShouldBeTrue();
        var id = placed.GetProperty("id").GetInt64();
        placed.GetProperty("rate").GetString().ShouldBe("5000000");
        placed.GetProperty("amount").GetString().ShouldBe("0.01");

        // The whole answer, in Coincheck's order: unset fields are null, never missing.
        placed.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["success", "id", "rate", "amount", "order_type", "time_in_force", "stop_loss_rate", "pair", "created_at", "client_order_id"]);
        placed.GetProperty("order_type").GetString().ShouldBe("buy");
        placed.GetProperty("time_in_force").GetString().ShouldBe("good_til_cancelled");
        placed.GetProperty("stop_loss_rate").ValueKind.ShouldBe(JsonValueKind.Null);
        placed.GetProperty("client_order_id").ValueKind.ShouldBe(JsonValueKind.Null);
        placed.GetProperty("pair").GetString().ShouldBe("btc_jpy");
        placed.GetProperty("created_at").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");

        var (_, opens) = await Send(HttpMethod.Get, "/api/exchange/orders/opens", null);
        var order = opens.GetProperty("orders").EnumerateArray().ShouldHaveSingleItem();
        order.GetProperty("id").GetInt64().ShouldBe(id);
        order.GetProperty("order_type").GetString().ShouldBe("buy");
        order.GetProperty("rate").GetDecimal().ShouldBe(5_000_000m);
        order.GetProperty("pending_amount").GetString().ShouldBe("0.01");

        var (cancelStatus, cancelled) = await Send(HttpMethod.Delete, $"/api/exchange/orders/{id}", null);
        cancelStatus.ShouldBe(HttpStatusCode.OK, cancelled.ToString());
        cancelled.GetProperty("id").GetInt64().ShouldBe(id);
        cancelled.EnumerateObject().Select(p => p.Name).ShouldBe(["success", "id"]);
        (await Send(HttpMethod.Get, "/api/exchange/orders/opens", null)).Body.GetProperty("orders").GetArrayLength().ShouldBe(0);
        (await Send(HttpMethod.Delete, $"/api/exchange/orders/{id}", null)).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_json_body_and_a_market_buy_by_market_buy_amount_work_too()
    {
        (await Send(HttpMethod.Post, "/api/exchange/orders", "{\"pair\":\"btc_jpy\",\"order_type\":\"sell\",\"rate\":\"5000000\",\"amount\":\"0.002\"}", json: true))
            .Status.ShouldBe(HttpStatusCode.OK);

        var (status, body) = await Send(HttpMethod.Post, "/api/exchange/orders", "market_buy_amount=1000&order_type=market_buy&pair=btc_jpy");

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("order_type=market_buy&pair=btc_jpy", "market_buy_amount")]
    [InlineData("amount=0.001&order_type=market_buy&pair=btc_jpy", "not amount")]
    [InlineData("amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000.5", "rate")]
    [InlineData("amount=0.00001&order_type=buy&pair=btc_jpy&rate=5000000", "amount")]
    [InlineData("amount=0.01&order_type=buy&pair=btc_jpy", "rate")]
    [InlineData("amount=0.01&order_type=short&pair=btc_jpy&rate=1", "order_type")]
    [InlineData("amount=0.01&order_type=buy&pair=doge_jpy&rate=1", "no market 'doge_jpy'")]
    [InlineData("amount=1000&order_type=buy&pair=btc_jpy&rate=5000000", "insufficient-funds")]
    [InlineData("amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000&time_in_force=forever", "time_in_force")]
    public async Task A_bad_order_gets_a_json_error_naming_the_parameter_and_nothing_is_placed(string body, string reason)
    {
        var (status, answer) = await Send(HttpMethod.Post, "/api/exchange/orders", body);

        status.ShouldBe(HttpStatusCode.BadRequest, answer.ToString());
        answer.GetProperty("success").GetBoolean().ShouldBeFalse();
        answer.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain(reason);
        (await Send(HttpMethod.Get, "/api/exchange/orders/opens", null)).Body.GetProperty("orders").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Placing_needs_the_trade_permission()
    {
        var readOnly = _server.Get<ApiKeys>().Create(User, ["read"]);

        (await Send(HttpMethod.Post, "/api/exchange/orders", "amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000", key: readOnly)).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, string? body, bool json = false, (string Key, string Secret)? key = null) =>
        _server.SendAsync(method, path, key ?? _trader, body, json);
}
