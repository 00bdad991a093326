using System.Net;
using System.Text.Json;

namespace Kinko.Integration.Tests;

/// <summary>
/// What a trader reads after trading (spec §6.2, §6.4, §6.7, §6.8, §6.9): order details through
/// their life, cancel status, fills with signed funds, fees and liquidity, and the account's fees.
/// On btc_jpy the maker earns a 0.01% rebate and the taker pays 0.05%.
/// </summary>
public sealed class OrderHistoryApiTests : IAsyncLifetime
{
    private const long Seller = 21;
    private const long Buyer = 22;
    private ApiServer _server = null!;
    private (string Key, string Secret) _seller;
    private (string Key, string Secret) _buyer;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-order-history");
        _seller = _server.Trader(Seller, ("BTC", 1_0000_0000L));
        _buyer = _server.Trader(Buyer, ("JPY", 1_000_000_0000L));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_order_shows_new_then_partially_filled_then_partially_filled_canceled()
    {
        var sell = await PlaceAsync(_seller, "amount=0.01&order_type=sell&pair=btc_jpy&rate=5000000");
        (await DetailAsync(_seller, sell)).GetProperty("status").GetString().ShouldBe("NEW");

        var buy = await PlaceAsync(_buyer, "amount=0.004&order_type=buy&pair=btc_jpy&rate=5000000");

        var partly = await DetailAsync(_seller, sell);
        partly.GetProperty("status").GetString().ShouldBe("PARTIALLY_FILLED");
        partly.GetProperty("amount").GetString().ShouldBe("0.01");
        partly.GetProperty("executed_amount").GetString().ShouldBe("0.004");
        partly.GetProperty("order_type").GetString().ShouldBe("sell");
        partly.GetProperty("maker_fee_rate").GetString().ShouldBe("-0.0001");
        partly.GetProperty("taker_fee_rate").GetString().ShouldBe("0.0005");
        (await DetailAsync(_buyer, buy)).GetProperty("status").GetString().ShouldBe("FILLED");

        (await _server.SendAsync(HttpMethod.Delete, $"/api/exchange/orders/{sell}", _seller)).Status.ShouldBe(HttpStatusCode.OK);
        var cancelled = await DetailAsync(_seller, sell);
        cancelled.GetProperty("status").GetString().ShouldBe("PARTIALLY_FILLED_CANCELED");
        cancelled.GetProperty("expired_amount").GetString().ShouldBe("0.006");
        var (_, status) = await _server.SendAsync(HttpMethod.Get, $"/api/exchange/orders/cancel_status?id={sell}", _seller);
        status.GetProperty("cancel").GetBoolean().ShouldBeTrue();
        status.GetProperty("id").GetInt64().ShouldBe(sell);
    }

    [Fact]
    public async Task Fills_carry_signed_funds_the_fee_in_jpy_and_who_made_and_took()
    {
        var sell = await PlaceAsync(_seller, "amount=0.01&order_type=sell&pair=btc_jpy&rate=5000000");
        var buy = await PlaceAsync(_buyer, "amount=0.004&order_type=buy&pair=btc_jpy&rate=5000000");

        var taker = (await FillsAsync(_buyer)).ShouldHaveSingleItem();
        taker.GetProperty("order_id").GetInt64().ShouldBe(buy);
        taker.GetProperty("side").GetString().ShouldBe("buy");
        taker.GetProperty("liquidity").GetString().ShouldBe("T");
        taker.GetProperty("rate").GetString().ShouldBe("5000000");
        taker.GetProperty("fee_currency").GetString().ShouldBe("JPY");
        taker.GetProperty("fee").GetString().ShouldBe("10");
        taker.GetProperty("funds").GetProperty("btc").GetString().ShouldBe("0.004");
        taker.GetProperty("funds").GetProperty("jpy").GetString().ShouldBe("-20010");

        var maker = (await FillsAsync(_seller)).ShouldHaveSingleItem();
        maker.GetProperty("order_id").GetInt64().ShouldBe(sell);
        maker.GetProperty("liquidity").GetString().ShouldBe("M");
        maker.GetProperty("fee").GetString().ShouldBe("-2");
        maker.GetProperty("funds").GetProperty("btc").GetString().ShouldBe("-0.004");
        maker.GetProperty("funds").GetProperty("jpy").GetString().ShouldBe("20002");

        var (_, recent) = await _server.SendAsync(HttpMethod.Get, "/api/exchange/orders/transactions", _seller);
        recent.GetProperty("transactions").EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetInt64().ShouldBe(maker.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Fill_pages_run_newest_first_and_continue_with_starting_after()
    {
        await PlaceAsync(_seller, "amount=0.01&order_type=sell&pair=btc_jpy&rate=5000000");
        for (var i = 0; i < 3; i++)
        {
            await PlaceAsync(_buyer, "amount=0.001&order_type=buy&pair=btc_jpy&rate=5000000");
        }

        var all = await FillsAsync(_buyer);
        var ids = all.Select(f => f.GetProperty("id").GetInt64()).ToList();
        ids.Count.ShouldBe(3);
        ids.ShouldBe(ids.OrderByDescending(i => i).ToList());
        var (_, next) = await _server.SendAsync(HttpMethod.Get, $"/api/exchange/orders/transactions_pagination?limit=1&starting_after={ids[0]}", _buyer);
        next.GetProperty("data").EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetInt64().ShouldBe(ids[1]);
        next.GetProperty("pagination").GetProperty("limit").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_market_buy_that_exhausts_the_book_shows_its_spent_budget_and_expires_unfilled_market()
    {
        await PlaceAsync(_seller, "amount=0.001&order_type=sell&pair=btc_jpy&rate=5000000");

        var buy = await PlaceAsync(_buyer, "market_buy_amount=10000&order_type=market_buy&pair=btc_jpy");

        var detail = await DetailAsync(_buyer, buy);
        detail.GetProperty("status").GetString().ShouldBe("PARTIALLY_FILLED_EXPIRED");
        detail.GetProperty("order_type").GetString().ShouldBe("market_buy");
        detail.GetProperty("market_buy_amount").GetString().ShouldBe("10000");
        detail.GetProperty("executed_amount").GetString().ShouldBe("0.001");
        detail.GetProperty("executed_market_buy_amount").GetString().ShouldBe("5002.5");
        detail.GetProperty("expired_market_buy_amount").GetString().ShouldBe("4997.5");
        detail.GetProperty("expired_type").GetString().ShouldBe("unfilled_market");
        detail.GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Someone_elses_order_or_an_unknown_id_is_a_json_404()
    {
        var sell = await PlaceAsync(_seller, "amount=0.01&order_type=sell&pair=btc_jpy&rate=5000000");

        foreach (var path in new[] { $"/api/exchange/orders/{sell}", "/api/exchange/orders/999999", "/api/exchange/orders/abc", $"/api/exchange/orders/cancel_status?id={sell}" })
        {
            var (status, body) = await _server.SendAsync(HttpMethod.Get, path, _buyer);
            status.ShouldBe(HttpStatusCode.NotFound, path);
            body.GetProperty("success").GetBoolean().ShouldBeFalse();
        }
    }

    [Fact]
    public async Task A_retried_placement_with_the_same_client_order_id_places_one_order_and_answers_its_id()
    {
        const string body = "amount=0.01&order_type=sell&pair=btc_jpy&rate=5000000&client_order_id=bot-7";
        var first = await PlaceAsync(_seller, body);

        (await PlaceAsync(_seller, body)).ShouldBe(first);

        (await _server.SendAsync(HttpMethod.Get, "/api/exchange/orders/opens", _seller)).Body.GetProperty("orders").GetArrayLength().ShouldBe(1);
        var (status, other) = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", _seller, "amount=0.02&order_type=sell&pair=btc_jpy&rate=5000000&client_order_id=bot-7");
        status.ShouldBe(HttpStatusCode.BadRequest);
        other.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("client_order_id");
        var (_, balance) = await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", _seller);
        balance.GetProperty("btc_reserved").GetString().ShouldBe("0.01");
    }

    [Fact]
    public async Task The_account_lists_every_pairs_fees_as_fractions_under_both_names()
    {
        var (status, account) = await _server.SendAsync(HttpMethod.Get, "/api/accounts", _seller);

        status.ShouldBe(HttpStatusCode.OK, account.ToString());
        account.GetProperty("id").GetInt64().ShouldBe(Seller);
        var btc = account.GetProperty("exchange_fees").GetProperty("btc_jpy");
        btc.GetProperty("taker_fee").GetString().ShouldBe("0.0005");
        btc.GetProperty("taker_fee_rate").GetString().ShouldBe("0.0005");
        btc.GetProperty("maker_fee").GetString().ShouldBe("-0.0001");
        account.GetProperty("taker_fee").GetString().ShouldBe("0.05");
        account.GetProperty("exchange_fees").EnumerateObject().Count().ShouldBe(6);
    }

    private async Task<long> PlaceAsync((string Key, string Secret) key, string body)
    {
        var (status, placed) = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", key, body);
        status.ShouldBe(HttpStatusCode.OK, placed.ToString());
        return placed.GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> DetailAsync((string Key, string Secret) key, long id)
    {
        var (status, detail) = await _server.SendAsync(HttpMethod.Get, $"/api/exchange/orders/{id}", key);
        status.ShouldBe(HttpStatusCode.OK, detail.ToString());
        return detail;
    }

    private async Task<List<JsonElement>> FillsAsync((string Key, string Secret) key)
    {
        var (status, page) = await _server.SendAsync(HttpMethod.Get, "/api/exchange/orders/transactions_pagination", key);
        status.ShouldBe(HttpStatusCode.OK, page.ToString());
        return page.GetProperty("data").EnumerateArray().ToList();
    }
}
