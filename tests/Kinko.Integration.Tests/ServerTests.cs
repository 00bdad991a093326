using System.Net;
using System.Text.Json;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Server;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Integration.Tests;

/// <summary>The server in-process, over a real loopback socket on a free port.</summary>
public sealed class ServerTests : IDisposable
{
    private readonly TempDirectory _folder = new("kinko-server");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ServerOptions Options => new() { DataFolder = _folder.Path, Urls = "http://127.0.0.1:0" };

    private string AddressFile => Path.Combine(_folder.Path, ServerAddressFile.FileName);

    public void Dispose()
    {
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_market_added_to_the_configuration_opens_at_restart_and_the_books_stay()
    {
        var btcOnly = MarketCatalog.Defaults.Where(m => m.Pair == "btc_jpy").ToList();
        long restingOrder;
        var app = KinkoServer.Build(Options with { Markets = btcOnly });
        try
        {
            await app.StartAsync();
            var health = await GetHealthAsync(KinkoServer.Addresses(app)[0]);
            health.GetProperty("markets").EnumerateArray().Select(m => m.GetString()).ShouldBe(["btc_jpy"]);
            var trading = app.Services.GetRequiredService<TradingSequencer>();
            var ledger = app.Services.GetRequiredService<LedgerEngine>();
            var capital = ledger.OpenAccount(new NewAccount("BTC", AccountKind.CompanyCapital, 0, AccountFlags.None));
            ledger.Execute(TransferRequest.Post("fund-seller", capital.Id, new TradingAccounts(ledger).Available("BTC", 7), "BTC", 1_0000_0000));
            var placed = await trading.SubmitAsync(new PlaceOrder("btc_jpy", 7, Side.Sell, OrderType.Limit, TimeInForce.GoodTilCancelled, 5_000_000, 100));
            placed.Accepted.ShouldBeTrue();
            restingOrder = placed.OrderId;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        app = KinkoServer.Build(Options with { Markets = MarketCatalog.Defaults.Where(m => m.Pair is "btc_jpy" or "xem_jpy").ToList() });
        try
        {
            await app.StartAsync();
            var health = await GetHealthAsync(KinkoServer.Addresses(app)[0]);
            health.GetProperty("markets").EnumerateArray().Select(m => m.GetString()).ShouldBe(["btc_jpy", "xem_jpy"]);
            var trading = app.Services.GetRequiredService<TradingSequencer>();
            trading.Feeds.Find("btc_jpy")!.Depth.Asks.ShouldHaveSingleItem().Lots.ShouldBe(100);
            trading.Core.Find("btc_jpy")!.Engine.FindResting(restingOrder).ShouldNotBeNull();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void A_market_whose_steps_make_inexact_notionals_is_refused_at_start_naming_the_setting()
    {
        var bad = MarketCatalog.Defaults[0] with { LotSize = 0.00001m };

        var error = Should.Throw<ArgumentException>(() => KinkoServer.Build(Options with { Markets = [bad] }));

        error.Message.ShouldContain("markets[btc_jpy].tickSize");
    }

    [Fact]
    public async Task Health_answers_ok_over_a_real_socket_and_follows_the_ledger()
    {
        var app = KinkoServer.Build(Options);
        try
        {
            await app.StartAsync();
            var url = KinkoServer.Addresses(app).ShouldHaveSingleItem();
            url.ShouldStartWith("http://127.0.0.1:");
            new Uri(url).Port.ShouldNotBe(0);

            var health = await GetHealthAsync(url);
            health.GetProperty("status").GetString().ShouldBe("ok");
            health.GetProperty("store").GetString().ShouldBe("sqlite");
            health.GetProperty("ledgerBalanced").GetBoolean().ShouldBeTrue();
            health.GetProperty("ledgerPosition").GetInt64().ShouldBe(0);

            // A transfer through the server's own writer shows up in the next health report.
            var engine = app.Services.GetRequiredService<LedgerEngine>();
            var writer = app.Services.GetRequiredService<LedgerWriter>();
            var capital = engine.OpenAccount(new NewAccount("JPY", AccountKind.CompanyCapital, 0, AccountFlags.None));
            var customer = engine.OpenAccount(new NewAccount("JPY", AccountKind.CustomerAvailable, 1, AccountFlags.DebitsMustNotExceedCredits));
            var result = await writer.SubmitAsync(TransferRequest.Post("health-1", capital.Id, customer.Id, "JPY", 10_000));
            result.Status.ShouldBe(TransferStatus.Created);

            health = await GetHealthAsync(url);
            health.GetProperty("ledgerPosition").GetInt64().ShouldBe(1);
            health.GetProperty("ledgerBalanced").GetBoolean().ShouldBeTrue();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Server_json_holds_the_real_address_while_running_and_is_removed_after_stop()
    {
        File.Exists(AddressFile).ShouldBeFalse();
        var app = KinkoServer.Build(Options);
        try
        {
            await app.StartAsync();
            var url = KinkoServer.Addresses(app).ShouldHaveSingleItem();

            var contents = ServerAddressFile.Read(_folder.Path).ShouldNotBeNull();
            contents.Url.ShouldBe(url);
            contents.ProcessId.ShouldBe(Environment.ProcessId);
            contents.StartedAt.ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
            File.ReadAllText(AddressFile).ShouldContain(url); // plain JSON another tool can read
            Directory.GetFiles(_folder.Path, "*.tmp").ShouldBeEmpty();

            (await _http.GetAsync(new Uri(new Uri(contents.Url), "/health"))).StatusCode.ShouldBe(HttpStatusCode.OK);

            await app.StopAsync();
            File.Exists(AddressFile).ShouldBeFalse();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_folder_fails_to_start_saying_the_folder_is_in_use()
    {
        var first = KinkoServer.Build(Options);
        try
        {
            await first.StartAsync();
            var url = KinkoServer.Addresses(first).ShouldHaveSingleItem();

            var error = Record.Exception(() => KinkoServer.Build(Options));

            error.ShouldNotBeNull("a second server on a folder in use must not start");
            var message = Messages(error);
            message.ShouldContain("in use");
            message.ShouldContain(_folder.Path);

            // The first server is unharmed: still healthy, still announced.
            (await GetHealthAsync(url)).GetProperty("status").GetString().ShouldBe("ok");
            ServerAddressFile.Read(_folder.Path).ShouldNotBeNull().Url.ShouldBe(url);
        }
        finally
        {
            await first.StopAsync();
            await first.DisposeAsync();
        }

        // Once the first has stopped, the folder is free again.
        var again = KinkoServer.Build(Options);
        try
        {
            await again.StartAsync();
            (await GetHealthAsync(KinkoServer.Addresses(again).ShouldHaveSingleItem())).GetProperty("status").GetString().ShouldBe("ok");
        }
        finally
        {
            await again.StopAsync();
            await again.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_store_cannot_be_opened_beside_a_running_server()
    {
        var app = KinkoServer.Build(Options);
        try
        {
            await app.StartAsync();

            var error = Should.Throw<IOException>(() => SqliteLedgerStore.Open(_folder.Path, TimeProvider.System));

            error.Message.ShouldContain("in use");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task<JsonElement> GetHealthAsync(string baseUrl)
    {
        using var response = await _http.GetAsync(new Uri(new Uri(baseUrl), "/health"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("application/json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static string Messages(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" <- ", messages);
    }
}
