using System.Net;
using System.Text.Json;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Integration.Tests;

/// <summary>The public endpoints of the Coincheck-compatible API, over a real loopback socket (spec §5).</summary>
public sealed class PublicApiTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-public-api");

        // A book on btc_jpy: asks 5,001,000 × 0.003 and 5,002,000 × 0.001, a bid 4,999,000 × 0.002, one trade at 5,001,000 × 0.001.
        _server.Fund(1, "BTC", 1_0000_0000L);
        _server.Fund(2, "JPY", 10_000_000_0000L);
        var trading = _server.Get<TradingSequencer>();
        foreach (var order in new[]
        {
            Limit(1, Side.Sell, 5_001_000, 40), Limit(1, Side.Sell, 5_002_000, 10), Limit(2, Side.Buy, 4_999_000, 20), Limit(2, Side.Buy, 5_001_000, 10),
        })
        {
            (await trading.SubmitAsync(order)).Accepted.ShouldBeTrue();
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ticker_gives_last_bid_ask_and_the_day_as_numbers_and_the_time_in_seconds()
    {
        var ticker = await GetJson("/api/ticker?pair=btc_jpy");

        ticker.GetProperty("last").GetDecimal().ShouldBe(5_001_000m);
        ticker.GetProperty("bid").GetDecimal().ShouldBe(4_999_000m);
        ticker.GetProperty("ask").GetDecimal().ShouldBe(5_001_000m);
        ticker.GetProperty("high").GetDecimal().ShouldBe(5_001_000m);
        ticker.GetProperty("volume").GetString().ShouldBe("0.001");
        ticker.GetProperty("timestamp").GetInt64().ShouldBeInRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        ticker.TryGetProperty("success", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Order_books_aggregates_levels_with_string_amounts_and_a_sequence()
    {
        var book = await GetJson("/api/order_books?pair=btc_jpy");

        book.GetProperty("asks").EnumerateArray().Select(l => (l[0].GetDecimal(), l[1].GetString())).ShouldBe([(5_001_000m, "0.003"), (5_002_000m, "0.001")]);
        book.GetProperty("bids").EnumerateArray().Select(l => (l[0].GetDecimal(), l[1].GetString())).ShouldBe([(4_999_000m, "0.002")]);
        book.GetProperty("sequence").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Trades_are_paged_newest_first_with_the_taker_side()
    {
        var trades = await GetJson("/api/trades?pair=btc_jpy&limit=10");

        trades.GetProperty("success").GetBoolean().ShouldBeTrue();
        var pagination = trades.GetProperty("pagination");
        pagination.GetProperty("limit").GetInt32().ShouldBe(10);
        pagination.GetProperty("order").GetString().ShouldBe("desc");
        pagination.GetProperty("starting_after").ValueKind.ShouldBe(JsonValueKind.Null);
        var trade = trades.GetProperty("data").EnumerateArray().ShouldHaveSingleItem();
        trade.GetProperty("id").GetInt64().ShouldBe(1);
        trade.GetProperty("amount").GetString().ShouldBe("0.001");
        trade.GetProperty("rate").GetString().ShouldBe("5001000");
        trade.GetProperty("order_type").GetString().ShouldBe("buy");
        trade.GetProperty("created_at").GetString().ShouldNotBeNull().ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        trade.TryGetProperty("liquidity", out _).ShouldBeFalse();
        (await GetJson("/api/trades?pair=btc_jpy&starting_after=1")).GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Exchange_status_lists_every_market_as_available()
    {
        var status = await GetJson("/api/exchange_status");

        var markets = status.GetProperty("exchange_status").EnumerateArray().ToList();
        markets.Select(m => m.GetProperty("pair").GetString()).ShouldContain("btc_jpy");
        markets.ShouldAllBe(m => m.GetProperty("status").GetString() == "available" && m.GetProperty("availability").GetProperty("order").GetBoolean());
        (await GetJson("/api/exchange_status?pair=xem_jpy")).GetProperty("exchange_status").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Rate_and_order_rate_estimate_from_the_last_trade_and_the_book()
    {
        (await GetJson("/api/rate/btc_jpy")).GetProperty("rate").GetString().ShouldBe("5001000");

        var estimate = await GetJson("/api/exchange/orders/rate?order_type=buy&pair=btc_jpy&amount=0.004");
        estimate.GetProperty("amount").GetDecimal().ShouldBe(0.004m);
        estimate.GetProperty("price").GetDecimal().ShouldBe((0.003m * 5_001_000) + (0.001m * 5_002_000));
    }

    [Theory]
    [InlineData("/api/ticker?pair=doge_jpy", "no market 'doge_jpy'")]
    [InlineData("/api/order_books", "pair is required")]
    [InlineData("/api/trades?pair=btc_jpy&limit=0", "limit must be")]
    [InlineData("/api/trades?pair=btc_jpy&order=sideways", "order must be")]
    [InlineData("/api/trades?pair=btc_jpy&starting_after=x", "starting_after must be")]
    [InlineData("/api/exchange/orders/rate?order_type=buy&pair=btc_jpy", "exactly one of amount")]
    [InlineData("/api/exchange/orders/rate?order_type=hold&pair=btc_jpy&amount=1", "order_type must be")]
    [InlineData("/api/no_such_thing", "no endpoint GET /api/no_such_thing")]
    public async Task Bad_requests_get_a_json_error_naming_what_is_wrong(string path, string reason)
    {
        var (status, body) = await _server.GetAsync(path);

        ((int)status).ShouldBeInRange(400, 404);
        body.GetProperty("success").GetBoolean().ShouldBeFalse();
        body.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain(reason);
    }

    private async Task<JsonElement> GetJson(string path)
    {
        var (status, body) = await _server.GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetRawText().ShouldNotContain("E+");
        return body;
    }

    private static PlaceOrder Limit(long owner, Side side, long price, long lots) =>
        new("btc_jpy", owner, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots);
}
