using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kinko.Bench.Api;
using Kinko.Server.Admin;
using Kinko.Server.Api.Auth;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Kinko.Integration.Tests;

/// <summary>
/// Batches of orders against a real <c>kinko serve</c> that is SIGKILLed at random moments, then
/// started again: every batch that was answered is there whole, and any request of which one order
/// is durable cannot be sent again with its nonce (its nonce is durable with its first order). Each
/// request's orders share a price of their own, so the orders tell which request placed them.
/// </summary>
public sealed class BatchKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 6;
    private const int Clients = 4;
    private const int OrdersPerBatch = 10;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _folder = new("kinko-kill-batches");

    private string Data => _folder.Combine("data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Kills_during_batches_lose_no_answered_order_and_leave_no_durable_order_whose_request_replays()
    {
        var seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        IReadOnlyList<ApiBenchAccount>? accounts = null;
        var sent = new ConcurrentBag<SentBatch>();
        var nextPrice = 1_000_000L;
        for (var round = 1; round <= Rounds; round++)
        {
            using var server = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0");
            var url = await AddressAsync(server);
            accounts ??= await ApiBenchAccounts.CreateAsync(url, AdminTokenFile.Read(Data)!, Clients);
            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
            // The clients send until the kill cuts them off, so that requests are in flight when it lands.
            var clients = accounts.Select(account => SendBatchesAsync(http, account, () => Interlocked.Decrement(ref nextPrice), sent)).ToList();
            await Task.Delay(random.Next(800, 2_500));
            server.Kill();
            await Task.WhenAll(clients).WaitAsync(Limit);
            output.WriteLine($"round {round}: {sent.Count} requests sent so far, {sent.Count(s => s.Answered)} answered");
        }

        using var audited = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0");
        var auditUrl = await AddressAsync(audited);
        using var auditHttp = new HttpClient { BaseAddress = auditUrl, Timeout = TimeSpan.FromSeconds(30) };
        var replayed = 0;
        foreach (var account in accounts!)
        {
            // Read with another key of the account: a nonce of the trading key's would make every replay stale.
            var open = await OpenOrdersByPriceAsync(auditHttp, await ReadKeyAsync(auditHttp, account));
            foreach (var batch in sent.Where(s => s.Account == account).OrderBy(s => s.Nonce))
            {
                var durable = open.GetValueOrDefault(batch.Price);
                if (batch.Answered)
                {
                    durable.ShouldBe(OrdersPerBatch, $"an answered batch (nonce {batch.Nonce}) is there whole");
                }

                if (durable > 0)
                {
                    var (status, body) = await SendAsync(auditHttp, account, batch.Nonce, batch.Body);
                    status.ShouldBe(HttpStatusCode.Unauthorized, $"the request of nonce {batch.Nonce} has durable orders, so its nonce is spent: {body}");
                    replayed++;
                }
            }
        }

        output.WriteLine($"{sent.Count} requests, {replayed} with durable orders sent again and refused");
        sent.Count(s => s.Answered).ShouldBeGreaterThan(0);
        audited.Kill();
    }

    /// <summary>One client: batches of limit buys, each request at a price of its own, until the server is gone.</summary>
    private static async Task SendBatchesAsync(HttpClient http, ApiBenchAccount account, Func<long> nextPrice, ConcurrentBag<SentBatch> sent)
    {
        var nonce = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000;
        while (true)
        {
            var price = nextPrice();
            var order = string.Create(CultureInfo.InvariantCulture, $$"""{"pair":"btc_jpy","order_type":"buy","rate":"{{price}}","amount":"0.001"}""");
            var batch = new SentBatch(account, ++nonce, price, "{\"orders\":[" + string.Join(',', Enumerable.Repeat(order, OrdersPerBatch)) + "]}");
            sent.Add(batch);
            try
            {
                var (status, body) = await SendAsync(http, account, batch.Nonce, batch.Body);
                status.ShouldBe(HttpStatusCode.OK, body);
                using var answer = JsonDocument.Parse(body);
                answer.RootElement.GetProperty("orders").EnumerateArray().ShouldAllBe(o => o.GetProperty("success").GetBoolean());
                batch.Answered = true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                return; // the server was killed
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, ApiBenchAccount account, long nonce, string body)
    {
        using var request = SignedRequest.Create(
            HttpMethod.Post, new Uri(http.BaseAddress!, "/api/exchange/orders/batch").ToString(), (account.Key, account.Secret), nonce, body, "application/json");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A new read-only key of the account, made through the admin API.</summary>
    private async Task<ApiBenchAccount> ReadKeyAsync(HttpClient http, ApiBenchAccount account)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(http.BaseAddress!, "/admin/api/api_keys"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { email = account.Email, permissions = new[] { "read" } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminTokenFile.Read(Data));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        using var key = JsonDocument.Parse(text);
        return account with { Key = key.RootElement.GetProperty("key").GetString()!, Secret = key.RootElement.GetProperty("secret").GetString()! };
    }

    /// <summary>How many of the account's open orders rest at each price.</summary>
    private static async Task<Dictionary<long, int>> OpenOrdersByPriceAsync(HttpClient http, ApiBenchAccount account)
    {
        using var request = SignedRequest.Create(
            HttpMethod.Get, new Uri(http.BaseAddress!, "/api/exchange/orders/opens").ToString(), (account.Key, account.Secret), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("orders").EnumerateArray()
            .GroupBy(o => (long)o.GetProperty("rate").GetDecimal())
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private static async Task<Uri> AddressAsync(KinkoProcess server) => new(await server.ServerAddressAsync(Limit));

    /// <summary>One batch request: whose, its nonce, the price all its orders share, its body, and whether it was answered.</summary>
    private sealed class SentBatch(ApiBenchAccount account, long nonce, long price, string body)
    {
        public ApiBenchAccount Account { get; } = account;

        public long Nonce { get; } = nonce;

        public long Price { get; } = price;

        public string Body { get; } = body;

        /// <summary>Set by its client once the answer said every order was placed; read after the clients have ended.</summary>
        public bool Answered { get; set; }
    }
}
