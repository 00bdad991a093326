using System.Globalization;
using System.Net;
using System.Text.Json;
using Kinko.Ledger;
using Kinko.Server;
using Kinko.Server.Api.Auth;
using Kinko.Server.Workers;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Integration.Tests;

/// <summary><c>kinko serve --demo</c> in-process: the market maker's books, the demo trader's login, and a restart on the same folder.</summary>
public sealed class DemoServerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Fast rounds and frequent trades, so that a test sees a moving market in a few seconds.</summary>
    private static readonly DemoOptions Fast = new() { IntervalMilliseconds = 50, Seed = 7, TakerChancePercent = 60, VolatilityPpm = 400 };

    private readonly TempDirectory _folder = new("kinko-demo");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Every_market_gets_a_two_sided_book_inside_the_band_and_trades_within_seconds()
    {
        var app = await StartAsync();
        try
        {
            var url = KinkoServer.Addresses(app)[0];
            foreach (var spec in MarketCatalog.Defaults)
            {
                var (book, last) = await PollAsync<BookSeen>(async () =>
                {
                    var depth = await GetJsonAsync($"{url}/api/order_books?pair={spec.Pair}");
                    var trades = await GetJsonAsync($"{url}/api/trades?pair={spec.Pair}");
                    var data = trades.GetProperty("data");
                    return depth.GetProperty("bids").GetArrayLength() > 0 && depth.GetProperty("asks").GetArrayLength() > 0 && data.GetArrayLength() > 0
                        ? new BookSeen(depth, Decimal(data[0].GetProperty("rate")))
                        : null;
                }, $"a book with bids and asks and a trade on {spec.Pair}");

                var bids = book.GetProperty("bids").EnumerateArray().Select(l => Decimal(l[0])).ToList();
                var asks = book.GetProperty("asks").EnumerateArray().Select(l => Decimal(l[0])).ToList();
                bids.Max().ShouldBeLessThan(asks.Min(), $"{spec.Pair} is crossed");
                bids.Count.ShouldBeLessThanOrEqualTo(Fast.LevelsPerSide, spec.Pair);
                asks.Count.ShouldBeLessThanOrEqualTo(Fast.LevelsPerSide, spec.Pair);
                foreach (var price in bids.Concat(asks))
                {
                    (price % spec.TickSize).ShouldBe(0m, $"{spec.Pair} {price} is not on the tick");
                    Math.Abs(price - last).ShouldBeLessThanOrEqualTo(last * spec.PriceBand, $"{spec.Pair} {price} is outside the band around the last trade {last}");
                }
            }

            var maker = app.Services.GetRequiredService<DemoMarketMaker>();
            await PollAsync(() => Task.FromResult(maker.Trades >= 20 ? (object?)maker.Trades : null), "20 trades by the taker bot");
            maker.Refused.ShouldBeLessThan(maker.Commands / 4 + 1, "most of the maker's commands are accepted");
        }
        finally
        {
            await StopAsync(app);
        }

        TrialBalanceIsZero();
    }

    [Fact]
    public async Task The_demo_trader_logs_in_with_the_password_from_the_login_file_and_its_key_reads_its_balance()
    {
        var app = await StartAsync();
        try
        {
            var url = KinkoServer.Addresses(app)[0];
            var setup = app.Services.GetRequiredService<DemoMarketMaker>().Setup!;
            setup.LoginCreated.ShouldBeTrue();
            setup.KeyCreated.ShouldBeTrue();
            var file = DemoLoginFile.PathIn(_folder.Path);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var login = DemoLoginFile.Read(_folder.Path)!;
            login.ShouldBe(setup.Login);
            login.Email.ShouldBe("demo@kinko.local");

            using (var browser = new AccountHttp(url))
            {
                var (status, body) = await browser.PostAsync("/api/sessions", new { email = login.Email, password = login.Password });
                status.ShouldBe(HttpStatusCode.OK, body.ToString());
                (await browser.PostAsync("/api/sessions", new { email = login.Email, password = login.Password + "x" })).Status.ShouldBe(HttpStatusCode.Unauthorized);
            }

            var balance = await SignedGetAsync(url, "/api/accounts/balance", login);
            balance.GetProperty("success").GetBoolean().ShouldBeTrue(balance.ToString());
            balance.GetProperty("jpy").GetString().ShouldBe("1000000");
            balance.GetProperty("btc").GetString().ShouldBe("0.06666666");
            balance.GetProperty("xem").GetString().ShouldBe("200000");
        }
        finally
        {
            await StopAsync(app);
        }
    }

    [Fact]
    public async Task A_restart_on_the_same_folder_reuses_the_accounts_the_login_and_the_orders_and_funds_nothing_twice()
    {
        DemoSetup first;
        var app = await StartAsync();
        try
        {
            first = app.Services.GetRequiredService<DemoMarketMaker>().Setup!;
            var maker = app.Services.GetRequiredService<DemoMarketMaker>();
            await PollAsync(() => Task.FromResult(maker.Rounds >= 5 ? (object?)maker.Rounds : null), "five rounds");
        }
        finally
        {
            await StopAsync(app);
        }

        TrialBalanceIsZero();
        app = await StartAsync();
        try
        {
            var again = app.Services.GetRequiredService<DemoMarketMaker>().Setup!;
            again.LoginCreated.ShouldBeFalse();
            again.KeyCreated.ShouldBeFalse();
            again.Login.ShouldBe(first.Login);
            (again.MakerId, again.TakerId, again.TraderId).ShouldBe((first.MakerId, first.TakerId, first.TraderId));

            var maker = app.Services.GetRequiredService<DemoMarketMaker>();
            var rounds = maker.Rounds;
            await PollAsync(() => Task.FromResult(maker.Rounds >= rounds + 5 ? (object?)maker.Rounds : null), "five more rounds");

            // The orders of the first run were taken over, not doubled.
            var open = app.Services.GetRequiredService<TradingSequencer>().Orders.OfOwner(again.MakerId);
            open.Count.ShouldBeLessThanOrEqualTo(2 * Fast.LevelsPerSide * MarketCatalog.Defaults.Count);

            var ledger = app.Services.GetRequiredService<LedgerEngine>();
            var fundingKeys = new List<string>();
            ledger.Store.ForEachKey(key =>
            {
                if (key.StartsWith("admin-credit:demo-funding:", StringComparison.Ordinal))
                {
                    fundingKeys.Add(key);
                }
            });
            fundingKeys.Count.ShouldBe(3 * 7, string.Join(", ", fundingKeys)); // three users, JPY and six coins

            var trader = ledger.FindAccount("JPY", AccountKind.CustomerAvailable, again.TraderId)!;
            ledger.Balance(trader.Id).Posted.ShouldBe(1_000_000_0000L, "the trader's JPY was credited once");
        }
        finally
        {
            await StopAsync(app);
        }

        TrialBalanceIsZero();
    }

    private async Task<WebApplication> StartAsync()
    {
        var app = KinkoServer.Build(new ServerOptions { DataFolder = _folder.Path, Urls = "http://127.0.0.1:0", Demo = Fast });
        await app.StartAsync();
        return app;
    }

    private static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Opens the folder's store after the server stopped and checks every asset sums to zero.</summary>
    private void TrialBalanceIsZero()
    {
        using var ledger = new LedgerEngine(Kinko.Storage.SqliteLedgerStore.Open(_folder.Path, TimeProvider.System), Kinko.Primitives.AssetRegistry.Default, TimeProvider.System);
        ledger.TrialBalance().ShouldAllBe(line => line.IsBalanced);
        SqliteConnection.ClearAllPools();
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {what} within {Patience.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(url)));
        return document.RootElement.Clone();
    }

    private async Task<JsonElement> SignedGetAsync(string url, string path, DemoLogin login)
    {
        using var request = SignedRequest.Create(HttpMethod.Get, url + path, (login.ApiKey!, login.ApiSecret!), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        using var response = await _http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private sealed record BookSeen(JsonElement Book, decimal Last);

    private static decimal Decimal(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDecimal();
}
