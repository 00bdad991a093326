using System.Net;
using System.Text.Json;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Integration.Tests;

/// <summary>HMAC authentication of the private API (spec §2) over a real loopback socket, on accounts/balance.</summary>
public sealed class PrivateApiAuthTests : IAsyncLifetime
{
    private const long User = 7;
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-private-api");
        _server.Fund(User, "JPY", 1_000_000_0000);
        var buy = new PlaceOrder("btc_jpy", User, Side.Buy, OrderType.Limit, TimeInForce.GoodTilCancelled, 5_000_000, 100); // 50,000 JPY + 0.05 % fee
        (await _server.Get<TradingSequencer>().SubmitAsync(buy)).Accepted.ShouldBeTrue();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("1700000000000", "http://127.0.0.1:5000/api/accounts/balance", "", "10c0d689e73b834e59b2172ed2a1e2b480fea79e3a55ead4c36ce2f5c29677ad")]
    [InlineData("1700000000001", "http://127.0.0.1:5000/api/exchange/orders", "amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000", "05bfb1982b2830f5c1b8980004ac4ec90f57a5e4e8235b2516671b9f064c56ad")]
    [InlineData("1700000000002", "http://127.0.0.1:5000/api/exchange/orders/12345", "", "9659eb12ffa5e6b029a3e5403ca8ddc63b21f4f7bcd1b414e6e5d38d59ded0bd")]
    [InlineData("1700000000003", "http://127.0.0.1:5000/api/exchange/orders/transactions_pagination?limit=50", "", "65c123b77d91ac5d423f1d5f97db60a6d2062d4ab149995b836dd14343a7761c")]
    public void The_spec_test_vectors_sign_as_documented(string nonce, string url, string body, string signature)
    {
        RequestSignature.Compute("SECRET", nonce, url, body).ShouldBe(signature);
        RequestSignature.Matches("SECRET", nonce, url, body, signature.ToUpperInvariant()).ShouldBeTrue();
        RequestSignature.Matches("SECRET", nonce, url, body + " ", signature).ShouldBeFalse();
    }

    [Fact]
    public async Task A_signed_request_gets_every_currencys_available_and_reserved_balance()
    {
        var (key, secret) = Keys.Create(User, ["read"]);

        var (status, body) = await Signed("/api/accounts/balance", key, secret);

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("success").GetBoolean().ShouldBeTrue();
        body.GetProperty("jpy").GetString().ShouldBe("949975");
        body.GetProperty("jpy_reserved").GetString().ShouldBe("50025");
        body.GetProperty("btc").GetString().ShouldBe("0");
        body.GetProperty("btc_reserved").GetString().ShouldBe("0");
        body.GetProperty("xem_lending").GetString().ShouldBe("0");
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_key_or_a_missing_header_is_invalid_authentication()
    {
        var (key, _) = Keys.Create(User, ["read"]);

        (await Signed("/api/accounts/balance", key, "not-the-secret")).ShouldBe401("invalid authentication");
        (await Signed("/api/accounts/balance", "no-such-key", "x")).ShouldBe401("invalid authentication");
        (await _server.GetAsync("/api/accounts/balance")).ShouldBe401("invalid authentication");
    }

    [Fact]
    public async Task A_replayed_or_older_nonce_is_refused_but_a_bad_signature_never_burns_a_nonce()
    {
        var (key, secret) = Keys.Create(User, ["read"]);
        var nonce = _server.ReserveNonces(1_000);

        (await Signed("/api/accounts/balance", key, "wrong", nonce + 500)).ShouldBe401("invalid authentication");
        (await Signed("/api/accounts/balance", key, secret, nonce)).Status.ShouldBe(HttpStatusCode.OK);
        (await Signed("/api/accounts/balance", key, secret, nonce)).ShouldBe401("Nonce must be incremented");
        (await Signed("/api/accounts/balance", key, secret, nonce - 1)).ShouldBe401("Nonce must be incremented");
        (await Signed("/api/accounts/balance", key, secret, nonce + 1)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_disabled_key_a_key_without_the_permission_and_a_foreign_address_are_refused()
    {
        var (disabled, disabledSecret) = Keys.Create(User, ["read"]);
        _server.Get<ApiKeys>().SetEnabled(disabled, false);
        (await Signed("/api/accounts/balance", disabled, disabledSecret)).ShouldBe401("disabled API Key");

        var (tradeOnly, tradeSecret) = Keys.Create(User, ["trade"]);
        var forbidden = await Signed("/api/accounts/balance", tradeOnly, tradeSecret);
        forbidden.Status.ShouldBe(HttpStatusCode.Forbidden);
        forbidden.Body.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("'read' permission");

        var (elsewhere, elsewhereSecret) = Keys.Create(User, ["read"], ["10.1.2.3"]);
        (await Signed("/api/accounts/balance", elsewhere, elsewhereSecret)).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (here, hereSecret) = Keys.Create(User, ["read"], ["127.0.0.1"]);
        (await Signed("/api/accounts/balance", here, hereSecret)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_allowed_only_from_127_0_0_1_is_refused_to_a_client_bound_to_127_0_0_2_and_the_other_way_round()
    {
        using var from2 = ApiServer.ClientBoundTo(IPAddress.Parse("127.0.0.2"));
        var onlyOne = Keys.Create(User, ["read"], ["127.0.0.1"]);
        var onlyTwo = Keys.Create(User, ["read"], ["127.0.0.2"]);

        var refused = await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", onlyOne, via: from2);
        var allowed = await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", onlyTwo, via: from2);
        var refusedHere = await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", onlyTwo);

        refused.Status.ShouldBe(HttpStatusCode.Forbidden, refused.Body.ToString());
        refused.Body.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("address");
        allowed.Status.ShouldBe(HttpStatusCode.OK, allowed.Body.ToString());
        refusedHere.Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_nonce_spent_on_an_order_request_stays_spent_after_a_restart_written_with_the_order_or_on_its_own()
    {
        var trader = Keys.Create(User, ["read", "trade"]);
        var nonce = _server.ReserveNonces(1_000);
        var placed = await Order(HttpMethod.Post, "/api/exchange/orders", trader, nonce, "amount=0.01&order_type=buy&pair=btc_jpy&rate=4000000");
        placed.Status.ShouldBe(HttpStatusCode.OK, placed.Body.ToString());
        (await Order(HttpMethod.Delete, $"/api/exchange/orders/{placed.Body.GetProperty("id").GetInt64()}", trader, nonce + 1, null)).Status.ShouldBe(HttpStatusCode.OK);
        (await Order(HttpMethod.Post, "/api/exchange/orders", trader, nonce + 2, "amount=0.01&order_type=buy&rate=4000000")).Status.ShouldBe(HttpStatusCode.BadRequest);
        var refused = await Order(HttpMethod.Post, "/api/exchange/orders", trader, nonce + 3, "amount=100000&order_type=buy&pair=btc_jpy&rate=4000000");
        refused.Status.ShouldBe(HttpStatusCode.BadRequest, refused.Body.ToString());

        // The commands' commits wrote their nonces (the refused one's too) in the ledger's file; the
        // request without a command (no pair) had its nonce written on its own, in the nonce file.
        _server.Get<SqlApiKeyStore>().Find(trader.Key).ShouldNotBeNull().LastNonce.ShouldBe(nonce + 3);
        _server.Get<INonceStore>().LastNonce(trader.Key).ShouldBe(nonce + 2);

        await _server.RestartAsync();
        for (var spent = nonce; spent <= nonce + 3; spent++)
        {
            (await Signed("/api/accounts/balance", trader.Key, trader.Secret, spent)).ShouldBe401("Nonce must be incremented");
        }

        (await Signed("/api/accounts/balance", trader.Key, trader.Secret, nonce + 4)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_the_nonce_file_cannot_be_written_an_order_still_goes_through_with_its_nonce_and_other_requests_get_a_json_503()
    {
        var trader = Keys.Create(User, ["read", "trade"]);
        var nonce = _server.ReserveNonces(1_000);
        (await Signed("/api/accounts/balance", trader.Key, trader.Secret, nonce)).Status.ShouldBe(HttpStatusCode.OK);
        var nonceFile = Path.Combine(_server.DataFolder, SqliteNonceFile.FileName);
        SqliteFile.Execute(nonceFile, "CREATE TRIGGER no_insert BEFORE INSERT ON api_nonces BEGIN SELECT RAISE(ABORT, 'nonce disk on fire'); END");
        SqliteFile.Execute(nonceFile, "CREATE TRIGGER no_update BEFORE UPDATE ON api_nonces BEGIN SELECT RAISE(ABORT, 'nonce disk on fire'); END");

        // Written with the order, in the ledger's file: the broken nonce file is not needed.
        (await Order(HttpMethod.Post, "/api/exchange/orders", trader, nonce + 1, "amount=0.01&order_type=buy&pair=btc_jpy&rate=4000000")).Status.ShouldBe(HttpStatusCode.OK);

        // No command to carry the nonce (no pair), and a read: each must write its nonce on its own, and cannot.
        foreach (var (status, body) in new[]
        {
            await Order(HttpMethod.Post, "/api/exchange/orders", trader, nonce + 2, "amount=0.01&order_type=buy&rate=4000000"),
            await Signed("/api/accounts/balance", trader.Key, trader.Secret, nonce + 3),
        })
        {
            status.ShouldBe(HttpStatusCode.ServiceUnavailable, body.ToString());
            body.GetProperty("success").GetBoolean().ShouldBeFalse();
            body.GetProperty("error").GetString().ShouldNotBeNull().ShouldStartWith("service unavailable");
        }

        SqliteFile.Execute(nonceFile, "DROP TRIGGER no_insert; DROP TRIGGER no_update");
        (await Signed("/api/accounts/balance", trader.Key, trader.Secret, nonce + 4)).Status.ShouldBe(HttpStatusCode.OK);
        _server.Get<SqlApiKeyStore>().Find(trader.Key).ShouldNotBeNull().LastNonce.ShouldBe(nonce + 1);
    }

    [Fact]
    public void Secrets_are_stored_sealed_never_in_plaintext()
    {
        var (key, secret) = Keys.Create(User, ["read"]);

        var stored = _server.Get<SqlApiKeyStore>().Find(key).ShouldNotBeNull();
        System.Text.Encoding.UTF8.GetString(stored.SecretSealed).ShouldNotContain(secret);
        foreach (var file in Directory.GetFiles(_server.DataFolder, "kinko.db*"))
        {
            using var copy = new MemoryStream();
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                stream.CopyTo(copy);
            }

            copy.ToArray().AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)).ShouldBe(-1, file);
        }
    }

    private ApiKeys Keys => _server.Get<ApiKeys>();


    private Task<(HttpStatusCode Status, JsonElement Body)> Order(HttpMethod method, string path, (string Key, string Secret) key, long nonce, string? body) =>
        _server.SendAsync(method, path, key, body, nonce: nonce);

    private Task<(HttpStatusCode Status, JsonElement Body)> Signed(string path, string key, string secret, long? nonce = null) =>
        _server.SendAsync(HttpMethod.Get, path, (key, secret), nonce: nonce);
}

internal static class AuthAssertions
{
    public static void ShouldBe401(this (HttpStatusCode Status, JsonElement Body) answer, string error)
    {
        answer.Status.ShouldBe(HttpStatusCode.Unauthorized, answer.Body.ToString());
        answer.Body.GetProperty("success").GetBoolean().ShouldBeFalse();
        answer.Body.GetProperty("error").GetString().ShouldBe(error);
    }
}
