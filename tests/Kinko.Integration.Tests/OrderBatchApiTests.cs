using System.Net;
using System.Text.Json;
using Kinko.Server.Api;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;

namespace Kinko.Integration.Tests;

/// <summary>Kinko's batch extension: several orders placed or cancelled in one signed request.</summary>
public sealed class OrderBatchApiTests : IAsyncLifetime
{
    private const long User = 19;
    private const string Buy = """{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"0.01"}""";
    private ApiServer _server = null!;
    private (string Key, string Secret) _trader;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-order-batch", ApiServer.GenerousLimits);
        _server.Fund(User, "JPY", 1_000_000_0000L);
        _trader = _server.Get<ApiKeys>().Create(User, ["read", "trade"]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_order_of_a_batch_is_answered_as_alone_and_a_batch_cancel_ends_them()
    {
        var tooLarge = """{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"1000"}""";
        var (status, placed) = await Send("/api/exchange/orders/batch", $$"""{"orders":[{{Buy}},{{tooLarge}},{"pair":"btc_jpy","order_type":"buy","rate":4990000,"amount":0.02,"client_order_id":"b-3"}]}""");

        status.ShouldBe(HttpStatusCode.OK, placed.ToString());
        placed.GetProperty("success").GetBoolean().ShouldBeTrue();
        var answers = placed.GetProperty("orders").EnumerateArray().ToList();
        answers.Count.ShouldBe(3);
        answers[0].EnumerateObject().Select(p => p.Name).ShouldBe(
            ["success", "id", "rate", "amount", "order_type", "time_in_force", "stop_loss_rate", "pair", "created_at", "client_order_id"]);
        answers[0].GetProperty("rate").GetString().ShouldBe("5000000");
        answers[1].GetProperty("success").GetBoolean().ShouldBeFalse();
        answers[1].GetProperty("error").GetString().ShouldNotBeNull().ShouldStartWith("insufficient-funds");
        answers[2].GetProperty("amount").GetString().ShouldBe("0.02");
        answers[2].GetProperty("client_order_id").GetString().ShouldBe("b-3");
        var ids = new[] { answers[0].GetProperty("id").GetInt64(), answers[2].GetProperty("id").GetInt64() };
        ids[1].ShouldBeGreaterThan(ids[0]);
        OpenIds().ShouldBe(ids, ignoreOrder: true);

        var (cancelStatus, cancelled) = await Send("/api/exchange/orders/cancel_batch", $$"""{"ids":[{{ids[0]}},"{{ids[1]}}",{{ids[1] + 1000}}]}""");

        cancelStatus.ShouldBe(HttpStatusCode.OK, cancelled.ToString());
        var results = cancelled.GetProperty("orders").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("success").GetBoolean()).ShouldBe([true, true, false]);
        results.Select(r => r.GetProperty("id").GetInt64()).ShouldBe([ids[0], ids[1], ids[1] + 1000]);
        results[2].GetProperty("error").GetString().ShouldBe($"id: no open order {ids[1] + 1000}");
        OpenIds().ShouldBeEmpty();
        var ledger = _server.Get<Kinko.Ledger.LedgerEngine>();
        ledger.Balance(new TradingAccounts(ledger).Available("JPY", User)).Available.ShouldBe(1_000_000_0000L);
    }

    [Theory]
    [InlineData("amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000", "body: a JSON object")]
    [InlineData("""{"order":[]}""", "orders is required")]
    [InlineData("""{"orders":{}}""", "orders: must be an array")]
    [InlineData("""{"orders":[],"orders":[{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"0.01"}]}""", "body: not a JSON object (Duplicate")]
    [InlineData("""{"orders":[{"pair":"btc_jpy","pair":"eth_jpy","order_type":"buy","rate":"5000000","amount":"0.01"}]}""", "body: not a JSON object (Duplicate")]
    [InlineData("""{"orders":[]}""", "orders: 0 items")]
    [InlineData("""{"orders":[1]}""", "orders[0]: not a JSON object")]
    [InlineData("""{"orders":[{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"0.01"},{"pair":"btc_jpy","order_type":"buy","rate":"abc","amount":"0.01"}]}""", "orders[1]: rate")]
    [InlineData("""{"orders":[{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"0.01"},{"order_type":"buy"}]}""", "orders[1]: pair is required")]
    [InlineData("""{"orders":[{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"0.01"}""", "body: not a JSON object (")]
    public async Task A_malformed_batch_is_refused_whole_naming_the_order_and_nothing_is_placed(string body, string reason)
    {
        var (status, answer) = await Send("/api/exchange/orders/batch", body);

        status.ShouldBe(HttpStatusCode.BadRequest, answer.ToString());
        answer.GetProperty("success").GetBoolean().ShouldBeFalse();
        answer.GetProperty("error").GetString().ShouldNotBeNull().ShouldStartWith(reason);
        OpenIds().ShouldBeEmpty();
    }

    [Fact]
    public async Task More_orders_than_a_batch_holds_are_refused()
    {
        var body = "{\"orders\":[" + string.Join(',', Enumerable.Repeat(Buy, OrderBatchEndpoints.MaxItems + 1)) + "]}";

        var (status, answer) = await Send("/api/exchange/orders/batch", body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        answer.GetProperty("error").GetString().ShouldBe($"orders: {OrderBatchEndpoints.MaxItems + 1} items; a batch holds 1 to {OrderBatchEndpoints.MaxItems}");
        OpenIds().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"ids":["abc"]}""")]
    [InlineData("""{"ids":[-1]}""")]
    [InlineData("""{"ids":[1.5]}""")]
    [InlineData("""{"ids":[null]}""")]
    [InlineData("""{"ids":"1"}""")]
    public async Task A_malformed_batch_cancel_is_refused_whole_and_nothing_is_cancelled(string idsBody)
    {
        var (_, placed) = await Send("/api/exchange/orders/batch", $$"""{"orders":[{{Buy}}]}""");
        var id = placed.GetProperty("orders")[0].GetProperty("id").GetInt64();
        var body = idsBody.Replace("[", $"[{id},", StringComparison.Ordinal);

        var (status, answer) = await Send("/api/exchange/orders/cancel_batch", body);

        status.ShouldBe(HttpStatusCode.BadRequest, answer.ToString());
        answer.GetProperty("success").GetBoolean().ShouldBeFalse();
        OpenIds().ShouldBe([id]);
    }

    [Fact]
    public async Task A_retried_batch_with_client_order_ids_places_each_order_once()
    {
        var body = """{"orders":[{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"0.01","client_order_id":"r-1"},{"pair":"btc_jpy","order_type":"buy","rate":"5000001","amount":"0.01","client_order_id":"r-2"}]}""";

        var first = await Send("/api/exchange/orders/batch", body);
        var retry = await Send("/api/exchange/orders/batch", body);

        retry.Status.ShouldBe(HttpStatusCode.OK, retry.Body.ToString());
        var ids = first.Body.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetInt64()).ToList();
        retry.Body.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetInt64()).ShouldBe(ids);
        retry.Body.GetProperty("orders")[0].GetProperty("created_at").GetString().ShouldBe(first.Body.GetProperty("orders")[0].GetProperty("created_at").GetString());
        OpenIds().ShouldBe(ids, ignoreOrder: true);
    }

    [Fact]
    public async Task A_batchs_nonce_is_written_with_its_orders_and_stays_spent_after_a_restart()
    {
        var nonce = _server.ReserveNonces(10);
        (await Send("/api/exchange/orders/batch", $$"""{"orders":[{{Buy}},{{Buy}}]}""", nonce)).Status.ShouldBe(HttpStatusCode.OK);
        _server.Get<SqlApiKeyStore>().Find(_trader.Key).ShouldNotBeNull().LastNonce.ShouldBe(nonce);
        var ids = OpenIds();
        (await Send("/api/exchange/orders/cancel_batch", $$"""{"ids":[{{ids[0]}}]}""", nonce + 1)).Status.ShouldBe(HttpStatusCode.OK);
        _server.Get<SqlApiKeyStore>().Find(_trader.Key).ShouldNotBeNull().LastNonce.ShouldBe(nonce + 1);

        await _server.RestartAsync();

        var replayed = await Send("/api/exchange/orders/batch", $$"""{"orders":[{{Buy}}]}""", nonce + 1);
        replayed.Status.ShouldBe(HttpStatusCode.Unauthorized);
        replayed.Body.GetProperty("error").GetString().ShouldBe(ApiKeys.StaleNonce);
        OpenIds().ShouldBe([ids[1]]);
    }

    [Fact]
    public async Task A_batch_that_sends_no_command_still_spends_its_nonce_durably()
    {
        var nonce = _server.ReserveNonces(10);

        (await Send("/api/exchange/orders/batch", """{"orders":[{"pair":"btc_jpy"}]}""", nonce)).Status.ShouldBe(HttpStatusCode.BadRequest);
        var unknown = await Send("/api/exchange/orders/cancel_batch", """{"ids":[987654]}""", nonce + 1);
        unknown.Status.ShouldBe(HttpStatusCode.OK);
        unknown.Body.GetProperty("orders")[0].GetProperty("success").GetBoolean().ShouldBeFalse();
        await _server.RestartAsync();

        foreach (var (path, spent) in new[] { ("/api/exchange/orders/batch", nonce), ("/api/exchange/orders/cancel_batch", nonce + 1) })
        {
            var replayed = await Send(path, $$"""{"orders":[{{Buy}}],"ids":[1]}""", spent);
            replayed.Status.ShouldBe(HttpStatusCode.Unauthorized, path);
            replayed.Body.GetProperty("error").GetString().ShouldBe(ApiKeys.StaleNonce);
        }

        OpenIds().ShouldBeEmpty();
    }

    [Fact]
    public async Task An_id_twice_in_a_cancel_batch_is_cancelled_once_and_a_client_order_id_twice_in_a_batch_places_once()
    {
        var order = """{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"0.01","client_order_id":"twice"}""";

        var (_, placed) = await Send("/api/exchange/orders/batch", $$"""{"orders":[{{order}},{{order}}]}""");

        var answers = placed.GetProperty("orders").EnumerateArray().ToList();
        answers.ShouldAllBe(o => o.GetProperty("success").GetBoolean());
        var id = answers[0].GetProperty("id").GetInt64();
        answers[1].GetProperty("id").GetInt64().ShouldBe(id);
        OpenIds().ShouldBe([id]);

        var (_, cancelled) = await Send("/api/exchange/orders/cancel_batch", $$"""{"ids":[{{id}},{{id}}]}""");

        cancelled.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("success").GetBoolean()).ShouldBe([true, false]);
        cancelled.GetProperty("orders")[1].GetProperty("error").GetString().ShouldBe($"id: no open order {id}");
        OpenIds().ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_store_fails_orders_get_a_json_503_and_their_nonces_stay_spent_after_a_restart()
    {
        var nonce = _server.ReserveNonces(10);
        var ledgerFile = Path.Combine(_server.DataFolder, "kinko.db");
        SqliteFile.Execute(ledgerFile, "CREATE TRIGGER no_more BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        var single = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", _trader, "amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000", nonce: nonce);
        var batch = await Send("/api/exchange/orders/batch", $$"""{"orders":[{{Buy}},{{Buy}}]}""", nonce + 1);

        foreach (var (status, body) in new[] { single, batch })
        {
            ((int)status).ShouldBeGreaterThanOrEqualTo(500, body.ToString());
            body.GetProperty("success").GetBoolean().ShouldBeFalse();
            body.GetProperty("error").GetString().ShouldNotBeNullOrEmpty();
        }

        SqliteFile.Execute(ledgerFile, "DROP TRIGGER no_more");
        await _server.RestartAsync();
        OpenIds().ShouldBeEmpty();
        foreach (var spent in new[] { nonce, nonce + 1 })
        {
            var replayed = await Send("/api/exchange/orders/batch", $$"""{"orders":[{{Buy}}]}""", spent);
            replayed.Status.ShouldBe(HttpStatusCode.Unauthorized, $"nonce {spent - nonce}");
        }

        (await Send("/api/exchange/orders/batch", $$"""{"orders":[{{Buy}}]}""", nonce + 2)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Batches_need_the_trade_permission()
    {
        var readOnly = _server.Get<ApiKeys>().Create(User, ["read"]);

        (await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders/batch", readOnly, $$"""{"orders":[{{Buy}}]}""", json: true)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders/cancel_batch", readOnly, """{"ids":[1]}""", json: true)).Status.ShouldBe(HttpStatusCode.Forbidden);
        OpenIds().ShouldBeEmpty();
    }

    private List<long> OpenIds() => [.. _server.Get<TradingSequencer>().Orders.OfOwner(User).Select(o => o.OrderId)];

    private Task<(HttpStatusCode Status, JsonElement Body)> Send(string path, string body, long? nonce = null) =>
        _server.SendAsync(HttpMethod.Post, path, _trader, body, json: true, nonce: nonce);
}
