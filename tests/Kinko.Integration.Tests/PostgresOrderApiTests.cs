using System.Net;
using System.Text.Json;
using Kinko.Ledger;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;

namespace Kinko.Integration.Tests;

/// <summary>The order routes on PostgreSQL: orders, batches and the nonces written with them survive a restart, and no nonce replays.</summary>
public sealed class PostgresOrderApiTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const long User = 29;
    private const string Buy = """{"pair":"btc_jpy","order_type":"buy","rate":"5000000","amount":"0.01"}""";
    private ApiServer _server = null!;
    private (string Key, string Secret) _trader;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-pg-orders", postgres: postgres.CreateDatabase("orders"));
        _server.Fund(User, "JPY", 1_000_000_0000L);
        _trader = _server.Get<ApiKeys>().Create(User, ["read", "trade"]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Single_and_batch_orders_and_their_nonces_are_durable_together_and_reads_between_them_change_nothing()
    {
        var nonce = _server.ReserveNonces(20);
        var single = await Send(HttpMethod.Post, "/api/exchange/orders", "amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000", nonce);
        single.Status.ShouldBe(HttpStatusCode.OK, single.Body.ToString());
        (await Send(HttpMethod.Get, "/api/accounts/balance", null, nonce + 1)).Status.ShouldBe(HttpStatusCode.OK);
        var batch = await Send(HttpMethod.Post, "/api/exchange/orders/batch", $$"""{"orders":[{{Buy}},{{Buy}},{{Buy}}]}""", nonce + 2, json: true);
        batch.Status.ShouldBe(HttpStatusCode.OK, batch.Body.ToString());
        var batchIds = batch.Body.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetInt64()).ToList();
        (await Send(HttpMethod.Delete, $"/api/exchange/orders/{batchIds[0]}", null, nonce + 3)).Status.ShouldBe(HttpStatusCode.OK);
        (await Send(HttpMethod.Get, "/api/exchange/orders/opens", null, nonce + 4)).Status.ShouldBe(HttpStatusCode.OK);
        var cancelled = await Send(HttpMethod.Post, "/api/exchange/orders/cancel_batch", $$"""{"ids":[{{batchIds[1]}}]}""", nonce + 5, json: true);
        cancelled.Body.GetProperty("orders")[0].GetProperty("success").GetBoolean().ShouldBeTrue();
        (await Send(HttpMethod.Get, "/api/accounts/balance", null, nonce + 6)).Status.ShouldBe(HttpStatusCode.OK);

        await _server.RestartAsync();

        for (var spent = nonce; spent <= nonce + 6; spent++)
        {
            var replayed = await Send(HttpMethod.Post, "/api/exchange/orders/batch", $$"""{"orders":[{{Buy}}]}""", spent, json: true);
            replayed.Status.ShouldBe(HttpStatusCode.Unauthorized, $"nonce {spent - nonce}");
            replayed.Body.GetProperty("error").GetString().ShouldBe(ApiKeys.StaleNonce);
        }

        var open = _server.Get<TradingSequencer>().Orders.OfOwner(User).Select(o => o.OrderId).ToList();
        open.ShouldBe([single.Body.GetProperty("id").GetInt64(), batchIds[2]], ignoreOrder: true);
        (await Send(HttpMethod.Post, "/api/exchange/orders/batch", $$"""{"orders":[{{Buy}}]}""", nonce + 7, json: true)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void The_recorders_own_table_keeps_each_keys_largest_nonce_and_never_moves_back()
    {
        var table = _server.Get<INonceStore>().ShouldBeOfType<PostgresNonceTable>();

        table.AdvanceNonces([new ApiNonce("key-a", 10), new ApiNonce("key-b", 3), new ApiNonce("key-a", 12)]);
        table.AdvanceNonces([new ApiNonce("key-a", 4), new ApiNonce("key-b", 5)]);

        table.LastNonce("key-a").ShouldBe(12);
        table.LastNonce("key-b").ShouldBe(5);
        table.LastNonce("key-c").ShouldBe(0);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, string? body, long nonce, bool json = false) =>
        _server.SendAsync(method, path, _trader, body, json, nonce);
}
