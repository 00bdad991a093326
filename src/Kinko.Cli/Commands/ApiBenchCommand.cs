using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Kinko.Bench;
using Kinko.Bench.Api;
using Kinko.Bench.Engine;
using Kinko.Server.Admin;
using Spectre.Console;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko bench api</c>: signed order requests (place, then cancel) against a running server, from market-maker-tier accounts.</summary>
internal static class ApiBenchCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The running kinko serve, e.g. http://127.0.0.1:5000.", Required = true };
        url.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || uri.Scheme != "http" || !uri.IsLoopback
                || uri.PathAndQuery != "/")
            {
                result.AddError("--url: must be a plain http URL of a loopback server, without a path, such as http://127.0.0.1:5000");
            }
        });
        var orders = CommonOptions.Int("--orders", "Orders to place (each is then cancelled).", 20_000, 1);
        var concurrency = CommonOptions.Int("--concurrency", "Clients sending at once, one account each.", 64, 1, 4_096);
        var batch = CommonOptions.Int("--batch", $"Orders per request: 1 uses Coincheck's routes; more uses Kinko's orders/batch and orders/cancel_batch (at most {Kinko.Server.Api.OrderBatchEndpoints.MaxItems}).",
            1, 1, Kinko.Server.Api.OrderBatchEndpoints.MaxItems);
        var pair = new Option<string>("--pair") { Description = "The market to place on.", DefaultValueFactory = _ => "btc_jpy" };
        var data = CommonOptions.Data();
        var token = new Option<string?>("--admin-token") { Description = "The admin token (default: KINKO_ADMIN_TOKEN, else the data folder's admin.token)." };
        var command = new Command("api", "REST load: signed orders placed and cancelled by market-maker-tier accounts; acknowledged orders/s and latency percentiles.")
        {
            url, orders, concurrency, batch, pair, data, token,
        };
        command.SetAction((parse, _) => RunAsync(new Uri(parse.GetValue(url)!), parse.GetValue(orders), parse.GetValue(concurrency), parse.GetValue(batch), parse.GetValue(pair)!,
            parse.GetValue(token) ?? Environment.GetEnvironmentVariable("KINKO_ADMIN_TOKEN") ?? AdminTokenFile.Read(parse.GetValue(data)!)));
        return command;
    }

    private static async Task<int> RunAsync(Uri url, int orders, int concurrency, int batch, string pair, string? adminToken)
    {
        if (adminToken is null)
        {
            await Console.Error.WriteLineAsync("kinko: --admin-token: none given and no admin.token in the data folder (--data) of a running server");
            return 2;
        }

        try
        {
            var (price, amount) = await PriceBelowMarketAsync(url, pair);
            AnsiConsole.MarkupLineInterpolated($"machine:   {MachineInfo.Current()}");
            AnsiConsole.MarkupLineInterpolated($"server:    {url}");
            var perRequest = batch == 1 ? "one order per request" : $"{batch} orders per request (orders/batch, orders/cancel_batch)";
            AnsiConsole.MarkupLineInterpolated($"settings:  {orders:N0} orders (each placed, then cancelled) on {pair} at {price:N0}, amount {amount}, {concurrency} clients in the market_maker tier, {perRequest}");
            var accounts = await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask("accounts", maxValue: concurrency);
                return await ApiBenchAccounts.CreateAsync(url, adminToken, concurrency, new Progress<int>(done => task.Value = done));
            });
            var result = await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask("orders", maxValue: orders);
                return await new ApiLoad(url, pair, price, amount, batch).RunAsync(accounts, orders, new Progress<int>(done => task.Value = done));
            });
            Print(result);
            return result.Failures.Count == 0 ? 0 : 3;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"kinko: bench api: cannot reach {url} ({e.Message}); is `kinko serve` running there?");
            return 1;
        }
        catch (ApiBenchSetupException e)
        {
            await Console.Error.WriteLineAsync($"kinko: bench api: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"kinko: bench api: the load stopped: {e.Message}");
            return 1;
        }
    }

    /// <summary>A buy price 4% under the market (the last trade, else the best bid, else 1,000,000) and the market's minimum amount.</summary>
    private static async Task<(long Price, string Amount)> PriceBelowMarketAsync(Uri url, string pair)
    {
        using var http = new HttpClient { BaseAddress = url };
        using var response = await http.GetAsync(new Uri($"/api/ticker?pair={Uri.EscapeDataString(pair)}", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiBenchSetupException($"--pair: the server refused {pair}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var ticker = await response.Content.ReadFromJsonAsync<JsonElement>();
        var last = ticker.TryGetProperty("last", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : 0m;
        var bid = ticker.TryGetProperty("bid", out var bidValue) && bidValue.ValueKind == JsonValueKind.Number ? bidValue.GetDecimal() : 0m;
        var reference = last > 0 ? last : bid > 0 ? bid : 1_000_000m;
        var minimum = Kinko.Trading.Markets.MarketCatalog.Defaults.FirstOrDefault(m => m.Pair == pair)?.MinAmount ?? 0.001m;
        return ((long)Math.Floor(reference * 0.96m), minimum.ToString(CultureInfo.InvariantCulture));
    }

    private static void Print(ApiLoadResult result)
    {
        static string Ms(double nanoseconds) => (nanoseconds / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms";
        var table = new Table().AddColumns("what", "figure");
        table.AddRow("acknowledged orders", $"{result.Placed:N0} placed, {result.Cancelled:N0} cancelled in {result.Elapsed.TotalSeconds:F2} s");
        table.AddRow("orders/s", $"{result.OrdersPerSecond.ToString("N0", CultureInfo.InvariantCulture)} placed (each also cancelled)");
        table.AddRow("requests/s", $"{result.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} ({result.Requests:N0} HTTP requests, placing and cancelling)");
        table.AddRow("place latency", $"per order, its request's round trip: p50 {Ms(result.PlaceLatency.P50Nanoseconds)}, p99 {Ms(result.PlaceLatency.P99Nanoseconds)}, p99.9 {Ms(result.PlaceLatency.P999Nanoseconds)}, max {Ms(result.PlaceLatency.MaxNanoseconds)}");
        table.AddRow("cancel latency", $"p50 {Ms(result.CancelLatency.P50Nanoseconds)}, p99 {Ms(result.CancelLatency.P99Nanoseconds)}, p99.9 {Ms(result.CancelLatency.P999Nanoseconds)}, max {Ms(result.CancelLatency.MaxNanoseconds)}");
        foreach (var (reason, count) in result.Failures)
        {
            table.AddRow("refused", $"{count:N0} × {reason}");
        }

        AnsiConsole.Write(table);
    }
}
