using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Kinko.Server.Api.Auth;

namespace Kinko.Integration.Tests;

/// <summary>
/// ccxt 4.5.84's unchanged <c>ccxt.pro.coincheck</c> (tests/node/ws-watch.mjs, run by the real
/// <c>node</c>) watches kinko serve's public WebSocket while this test places crossing orders.
/// </summary>
public sealed class WebSocketCcxtTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("kinko-ws-ccxt");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ccxt_pro_watches_the_order_book_and_the_trades_of_btc_jpy()
    {
        _server.Fund(41, "BTC", 1_0000_0000L);
        _server.Fund(42, "JPY", 10_000_000_0000L);
        var seller = _server.Get<ApiKeys>().Create(41, ["trade"]);
        var buyer = _server.Get<ApiKeys>().Create(42, ["trade"]);

        using var node = NodeScripts.Start("ws-watch.mjs", [new Uri(_server.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            var ready = await Step(node, stderr, "ready");
            ready.GetProperty("asks").GetArrayLength().ShouldBe(0);

            await Place(seller, "amount=0.01&order_type=sell&pair=btc_jpy&rate=5000000");
            await node.StandardInput.WriteLineAsync("go");
            await node.StandardInput.FlushAsync();
            var book = await Step(node, stderr, "book");
            var ask = book.GetProperty("asks").EnumerateArray().ShouldHaveSingleItem();
            ask[0].GetDecimal().ShouldBe(5_000_000m);
            ask[1].GetDecimal().ShouldBe(0.01m);

            await Place(buyer, "amount=0.01&order_type=buy&pair=btc_jpy&rate=5000000");
            await node.StandardInput.WriteLineAsync("go");
            await node.StandardInput.FlushAsync();
            var trades = await Step(node, stderr, "trades");
            var trade = trades.GetProperty("trades").EnumerateArray().ShouldHaveSingleItem();
            trade.GetProperty("symbol").GetString().ShouldBe("BTC/JPY");
            trade.GetProperty("side").GetString().ShouldBe("buy");
            trade.GetProperty("price").GetDecimal().ShouldBe(5_000_000m);
            trade.GetProperty("amount").GetDecimal().ShouldBe(0.01m);
            trade.GetProperty("id").GetString().ShouldBe("1");
            (await node.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0, await stderr);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The script's next JSON line, which must be <paramref name="step"/>.</summary>
    private static async Task<JsonElement> Step(Process node, Task<string> stderr, string step)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await node.StandardOutput.ReadLineAsync(timeout.Token);
        line.ShouldNotBeNull($"ws-watch.mjs ended before '{step}': {(node.HasExited ? await stderr : "")}");
        using var document = JsonDocument.Parse(line);
        document.RootElement.GetProperty("step").GetString().ShouldBe(step, line);
        return document.RootElement.Clone();
    }

    private async Task Place((string Key, string Secret) key, string body)
    {
        var (status, answer) = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", key, body);
        status.ShouldBe(HttpStatusCode.OK, answer.ToString());
    }
}

internal static class ProcessExtensions
{
    public static async Task<int> WaitForExitAsync(this Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }
}
