using System.Net;
using Kinko.Server.Api.Auth;
using Kinko.Server.Admin;
using Kinko.Server.Api.Limits;
using Kinko.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Kinko.Integration.Tests;

/// <summary>Coincheck's limits per account (4 new orders a second, 1 order detail a second), a market-maker tier, and the 429 answer.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const long Trader = 51;
    private const long MarketMaker = 52;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        var limits = new RateLimitOptions { Accounts = new Dictionary<long, string> { [MarketMaker] = RateLimitOptions.MarketMakerTier } };
        _server = await ApiServer.StartAsync("kinko-rate-limits", limits, _time);
        _server.Fund(Trader, "JPY", 1_000_000_0000L);
        _server.Fund(MarketMaker, "JPY", 1_000_000_0000L);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_fifth_order_in_a_second_gets_a_json_429_and_the_next_second_is_free_again()
    {
        var key = _server.Get<ApiKeys>().Create(Trader, ["read", "trade"]);
        for (var i = 0; i < 4; i++)
        {
            (await PlaceAsync(key)).Status.ShouldBe(HttpStatusCode.OK);
        }

        var (status, body) = await PlaceAsync(key);

        status.ShouldBe(HttpStatusCode.TooManyRequests);
        body.GetProperty("success").GetBoolean().ShouldBeFalse();
        body.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("4 new orders a second");
        (await _server.SendAsync(HttpMethod.Get, "/api/exchange/orders/opens", key)).Body.GetProperty("orders").GetArrayLength().ShouldBe(4);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await PlaceAsync(key)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_order_refused_at_the_limit_still_spends_its_nonce_durably_before_the_429_leaves()
    {
        var key = _server.Get<ApiKeys>().Create(Trader, ["read", "trade"]);
        var nonce = _server.ReserveNonces(100);
        for (var i = 0; i < 4; i++)
        {
            (await PlaceAsync(key, nonce + i)).Status.ShouldBe(HttpStatusCode.OK);
        }

        (await PlaceAsync(key, nonce + 4)).Status.ShouldBe(HttpStatusCode.TooManyRequests);

        // The placements' nonces went with their orders; the refused one's was written on its own.
        _server.Get<SqlApiKeyStore>().Find(key.Key).ShouldNotBeNull().LastNonce.ShouldBe(nonce + 3);
        _server.Get<INonceStore>().LastNonce(key.Key).ShouldBe(nonce + 4);
        await _server.RestartAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        var replayed = await PlaceAsync(key, nonce + 4);
        replayed.Status.ShouldBe(HttpStatusCode.Unauthorized);
        replayed.Body.GetProperty("error").GetString().ShouldBe(ApiKeys.StaleNonce);
    }

    [Fact]
    public async Task A_batch_takes_one_new_order_per_order_all_at_once_or_none()
    {
        var key = _server.Get<ApiKeys>().Create(Trader, ["read", "trade"]);

        var tooLarge = await PlaceBatchAsync(key, 5);
        var two = await PlaceBatchAsync(key, 2);
        var three = await PlaceBatchAsync(key, 3);
        var twoMore = await PlaceBatchAsync(key, 2);
        var fifth = await PlaceBatchAsync(key, 1);

        tooLarge.Status.ShouldBe(HttpStatusCode.BadRequest);
        tooLarge.Body.GetProperty("error").GetString().ShouldBe("orders: 5 in one request is more than a second's worth (at most 4 new orders a second)");
        two.Status.ShouldBe(HttpStatusCode.OK, two.Body.ToString());
        twoMore.Status.ShouldBe(HttpStatusCode.OK, twoMore.Body.ToString());
        twoMore.Body.GetProperty("orders").EnumerateArray().ShouldAllBe(o => o.GetProperty("success").GetBoolean());

        // Three when two are left: refused whole, and it takes none of the two.
        three.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        three.Body.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("4 new orders a second");
        three.RetryAfter.ShouldBe("1");
        fifth.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        (await _server.SendAsync(HttpMethod.Get, "/api/exchange/orders/opens", key)).Body.GetProperty("orders").GetArrayLength().ShouldBe(4);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await PlaceBatchAsync(key, 4)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Order_details_are_limited_to_one_a_second()
    {
        var key = _server.Get<ApiKeys>().Create(Trader, ["read", "trade"]);
        var id = (await PlaceAsync(key)).Body.GetProperty("id").GetInt64();

        (await _server.SendAsync(HttpMethod.Get, $"/api/exchange/orders/{id}", key)).Status.ShouldBe(HttpStatusCode.OK);
        (await _server.SendAsync(HttpMethod.Get, $"/api/exchange/orders/{id}", key)).Status.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_market_maker_places_far_more_than_four_a_second()
    {
        var key = _server.Get<ApiKeys>().Create(MarketMaker, ["read", "trade"]);
        for (var i = 0; i < 20; i++)
        {
            (await PlaceAsync(key)).Status.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task An_operator_moves_an_account_into_the_market_maker_tier_at_once_and_the_change_is_audited()
    {
        using var admin = new AccountHttp(_server.Url, AdminTokenFile.Read(_server.DataFolder));
        (await admin.PostAsync("/admin/api/users", new { email = "bot@example.com", password = "a long enough password" })).Status.ShouldBe(HttpStatusCode.Created);
        var (_, created) = await admin.PostAsync("/admin/api/api_keys", new { email = "bot@example.com", permissions = "read,trade" });
        var key = (created.GetProperty("key").GetString()!, created.GetProperty("secret").GetString()!);
        await admin.PostAsync("/admin/api/credits", new { email = "bot@example.com", asset = "JPY", amount = "1000000", reference = "bot-funds", reason = "test" });
        var (unknown, unknownBody) = await admin.PostAsync("/admin/api/rate_tiers", new { email = "bot@example.com", tier = "vip" });
        unknown.ShouldBe(HttpStatusCode.BadRequest);
        unknownBody.GetProperty("error").GetString().ShouldNotBeNull().ShouldStartWith("tier: ");

        var (status, moved) = await admin.PostAsync("/admin/api/rate_tiers", new { email = "bot@example.com", tier = RateLimitOptions.MarketMakerTier });

        status.ShouldBe(HttpStatusCode.OK, moved.ToString());
        for (var i = 0; i < 10; i++)
        {
            (await PlaceAsync(key)).Status.ShouldBe(HttpStatusCode.OK);
        }

        _server.Get<SqlAdminAudit>().Latest(1).ShouldHaveSingleItem().Action.ShouldBe("rate-tier");
        _server.Get<SqlAccountTierStore>().All().Values.ShouldBe([RateLimitOptions.MarketMakerTier]);
    }

    [Fact]
    public void A_tier_that_does_not_exist_or_a_zero_limit_is_refused_at_start_naming_the_setting()
    {
        Should.Throw<ArgumentException>(() => new RateLimitOptions { Accounts = new Dictionary<long, string> { [1] = "vip" } }.Validate())
            .Message.ShouldContain("rateLimits.accounts.1");
        Should.Throw<ArgumentException>(() => new RateLimitOptions
        {
            Tiers = new Dictionary<string, RateTier> { [RateLimitOptions.DefaultTier] = new(0, 1, 1) },
        }.Validate()).Message.ShouldContain("rateLimits.tiers.default.ordersPerSecond");
    }

    /// <summary>A batch of <paramref name="orders"/> limit buys, sent by hand to read the Retry-After header too.</summary>
    private async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body, string? RetryAfter)> PlaceBatchAsync((string Key, string Secret) key, int orders)
    {
        var body = "{\"orders\":[" + string.Join(',', Enumerable.Repeat("""{"pair":"btc_jpy","order_type":"buy","rate":"4000000","amount":"0.001"}""", orders)) + "]}";
        using var request = SignedRequest.Create(HttpMethod.Post, _server.Url + "/api/exchange/orders/batch", key, _server.ReserveNonces(1), body, "application/json");
        using var response = await _server.Http.SendAsync(request);
        using var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, answer.RootElement.Clone(), response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> PlaceAsync((string Key, string Secret) key, long? nonce = null) =>
        _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", key, "amount=0.001&order_type=buy&pair=btc_jpy&rate=4000000", nonce: nonce);
}
