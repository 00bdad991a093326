using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kinko.Bench.Engine;
using Kinko.Server.Api.Auth;

namespace Kinko.Bench.Api;

/// <summary>What the load did: placements acknowledged, the time, latencies, and refusals by reason.</summary>
public sealed record ApiLoadResult(
    int Placed,
    int Cancelled,
    TimeSpan Elapsed,
    LatencyPercentiles PlaceLatency,
    LatencyPercentiles CancelLatency,
    IReadOnlyDictionary<string, int> Failures)
{
    public double OrdersPerSecond => Placed / Elapsed.TotalSeconds;

    public double RequestsPerSecond => (Placed + Cancelled) / Elapsed.TotalSeconds;
}

/// <summary>
/// Signs and sends real order requests over HTTP: each worker (one per account, so each key's
/// nonces rise) places a limit buy below the market, then cancels it, until the orders are placed.
/// A placement counts once the server answers success, which it does only when the order is durable.
/// </summary>
public sealed class ApiLoad(Uri server, string pair, long priceJpy, string amount)
{
    public async Task<ApiLoadResult> RunAsync(IReadOnlyList<ApiBenchAccount> accounts, int orders, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = accounts.Count, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var remaining = orders;
        var placed = 0;
        var cancelled = 0;
        var placeTicks = new ConcurrentBag<long>();
        var cancelTicks = new ConcurrentBag<long>();
        var failures = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(accounts.Select(account => Task.Run(async () =>
        {
            var nonce = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000;
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var body = string.Create(CultureInfo.InvariantCulture, $"amount={amount}&order_type=buy&pair={pair}&rate={priceJpy}");
                var (status, answer, ticks) = await SendAsync(http, HttpMethod.Post, "/api/exchange/orders", body, account, ++nonce).ConfigureAwait(false);
                if (status != HttpStatusCode.OK)
                {
                    failures.AddOrUpdate($"place {(int)status} {Reason(answer)}", 1, (_, n) => n + 1);
                    continue;
                }

                placeTicks.Add(ticks);
                progress?.Report(Interlocked.Increment(ref placed));
                var id = answer.GetProperty("id").GetInt64();
                (status, answer, ticks) = await SendAsync(http, HttpMethod.Delete, $"/api/exchange/orders/{id}", "", account, ++nonce).ConfigureAwait(false);
                if (status == HttpStatusCode.OK)
                {
                    cancelTicks.Add(ticks);
                    Interlocked.Increment(ref cancelled);
                }
                else
                {
                    failures.AddOrUpdate($"cancel {(int)status} {Reason(answer)}", 1, (_, n) => n + 1);
                }
            }
        }))).ConfigureAwait(false);
        clock.Stop();
        return new ApiLoadResult(placed, cancelled, clock.Elapsed, Percentiles(placeTicks), Percentiles(cancelTicks), failures);
    }

    private async Task<(HttpStatusCode, JsonElement, long)> SendAsync(HttpClient http, HttpMethod method, string path, string body, ApiBenchAccount account, long nonce)
    {
        var url = new Uri(server, path).ToString();
        var nonceText = nonce.ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(method, url);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        request.Headers.Add("ACCESS-KEY", account.Key);
        request.Headers.Add("ACCESS-NONCE", nonceText);
        request.Headers.Add("ACCESS-SIGNATURE", RequestSignature.Compute(account.Secret, nonceText, url, body));
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var ticks = Stopwatch.GetTimestamp() - started;
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, document.RootElement.Clone(), ticks);
    }

    private static string Reason(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var error) ? error.GetString() ?? "" : "";

    private static LatencyPercentiles Percentiles(ConcurrentBag<long> ticks) =>
        ticks.IsEmpty ? new LatencyPercentiles(0, 0, 0, 0) : LatencyPercentiles.From([.. ticks]);
}
