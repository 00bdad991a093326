using System.Globalization;
using System.Text.Json;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests;

/// <summary>
/// ccxt 4.5.84's unchanged <c>coincheck</c> class (tests/node/rest-client.mjs, run by the real
/// <c>node</c>) against a live <c>kinko serve</c> child process whose customers, keys and funds were
/// made with the <c>kinko</c> CLI through the server's admin API — every unified method ccxt
/// implements for Coincheck, read back as a ccxt user sees it.
/// </summary>
public sealed class CcxtRestTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _folder = new("kinko-ccxt-rest");

    private string Data => _folder.Combine("data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Ccxt_trades_reads_and_fails_as_its_users_expect()
    {
        using var server = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0");
        var port = new Uri(await server.ServerAddressAsync(Limit)).Port;
        var maker = await CustomerAsync("maker@example.com", ("BTC", "1"), ("JPY", "1000000"));
        var taker = await CustomerAsync("taker@example.com", ("JPY", "1000000"));

        var result = await RunClientAsync(port, maker, taker);

        result.GetProperty("markets").EnumerateArray().Select(m => m.GetString()).ShouldContain("BTC/JPY");
        result.GetProperty("status").GetProperty("status").GetString().ShouldBe("ok");
        Level(result.GetProperty("orderBook"), "asks").ShouldBe((5_000_000m, 0.01m));
        Level(result.GetProperty("orderBook"), "bids").ShouldBe((4_800_000m, 0.01m));
        result.GetProperty("makerOpenBefore").GetArrayLength().ShouldBe(2);
        result.GetProperty("marketBuy").GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        result.GetProperty("bareMarketBuy").GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("market_buy_amount");

        result.GetProperty("ticker").GetProperty("last").GetDecimal().ShouldBe(4_800_000m);
        result.GetProperty("trades").GetArrayLength().ShouldBe(3);
        result.GetProperty("cancelled").GetProperty("id").GetString().ShouldBe(result.GetProperty("placed").GetProperty("bid").GetString());
        result.GetProperty("makerOpenAfter").EnumerateArray().ShouldHaveSingleItem().GetProperty("remaining").GetDecimal().ShouldBe(0.0061m);

        var fills = result.GetProperty("myTrades").EnumerateArray().ToList();
        fills.Count.ShouldBe(3);
        fills.ShouldAllBe(f => f.GetProperty("takerOrMaker").GetString() == "taker" && f.GetProperty("symbol").GetString() == "BTC/JPY");
        fills.Select(f => f.GetProperty("amount").GetDecimal()).Order().ShouldBe([-0.001m, 0.0019m, 0.002m]);
        fills.Single(f => f.GetProperty("side").GetString() == "sell").GetProperty("fee").GetProperty("cost").GetDecimal().ShouldBe(2.4m);

        var btc = result.GetProperty("balance").GetProperty("BTC");
        btc.GetProperty("free").GetDecimal().ShouldBe(0.0029m);
        btc.GetProperty("used").GetDecimal().ShouldBe(0m);
        var fees = result.GetProperty("fees").GetProperty("BTC/JPY");
        fees.GetProperty("maker").GetDecimal().ShouldBe(-0.0001m);
        fees.GetProperty("taker").GetDecimal().ShouldBe(0.0005m);
        result.GetProperty("deposits").GetArrayLength().ShouldBe(0);
        result.GetProperty("withdrawals").GetArrayLength().ShouldBe(0);

        result.GetProperty("wrongSecret").GetProperty("name").GetString().ShouldBe("AuthenticationError");
        result.GetProperty("replayedNonce").GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("Nonce must be incremented");
    }

    private async Task<JsonElement> RunClientAsync(int port, (string Key, string Secret) maker, (string Key, string Secret) taker)
    {
        using var node = NodeScripts.Start("rest-client.mjs", [port.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>
        {
            ["MAKER_KEY"] = maker.Key,
            ["MAKER_SECRET"] = maker.Secret,
            ["TAKER_KEY"] = taker.Key,
            ["TAKER_SECRET"] = taker.Secret,
        });
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Limit);
            var output = await node.StandardOutput.ReadLineAsync(timeout.Token);
            output.ShouldNotBeNull($"rest-client.mjs printed nothing: {await stderr}");
            using var document = JsonDocument.Parse(output);
            document.RootElement.TryGetProperty("error", out var error).ShouldBeFalse($"ccxt failed: {error}\n{await stderr}");
            return document.RootElement.Clone();
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>A customer made with the CLI: the user, a read+trade key, and credits.</summary>
    private async Task<(string Key, string Secret)> CustomerAsync(string email, params (string Asset, string Amount)[] credits)
    {
        (await RunAsync("a long enough password\n", "users", "create", "--email", email, "--data", Data)).ExitCode.ShouldBe(0);
        foreach (var (asset, amount) in credits)
        {
            var credit = await RunAsync(null, "admin", "credit", "--email", email, "--asset", asset, "--amount", amount,
                "--reference", $"{email.Split('@')[0]}-{asset}", "--reason", "ccxt test funds", "--data", Data);
            credit.ExitCode.ShouldBe(0, credit.Describe());
        }

        var key = await RunAsync(null, "apikeys", "create", "--email", email, "--permissions", "read,trade", "--json", "--data", Data);
        key.ExitCode.ShouldBe(0, key.Describe());
        using var json = JsonDocument.Parse(key.StandardOutput);
        return (json.RootElement.GetProperty("key").GetString()!, json.RootElement.GetProperty("secret").GetString()!);
    }

    private static (decimal Price, decimal Amount) Level(JsonElement book, string side)
    {
        var level = book.GetProperty(side)[0];
        return (level[0].GetDecimal(), level[1].GetDecimal());
    }

    private Task<ProcessResult> RunAsync(string? input, params string[] arguments) => KinkoCli.RunAsync(_folder.Path, null, input, Limit, arguments);
}
