using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
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
/// Signs and sends real order requests over HTTP/1.1, one keep-alive connection per account (so each
/// key's nonces rise): each account places a limit buy below the market, then cancels it, until the
/// orders are placed. One thread drives every connection (it waits for answers with
/// <see cref="Socket.Select"/>), so that the client takes little of the CPU the server needs.
/// A placement counts once the server answers success, which it does only when the order is durable.
/// </summary>
public sealed class ApiLoad(Uri server, string pair, long priceJpy, string amount)
{
    /// <summary>Longest wait for any answer before the load gives up.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Scheme, host and port: the start of every signed URL.</summary>
    private readonly string _origin = $"http://{server.Authority}";

    public Task<ApiLoadResult> RunAsync(IReadOnlyList<ApiBenchAccount> accounts, int orders, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return Task.Factory.StartNew(() => Run(accounts, orders, progress), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private ApiLoadResult Run(IReadOnlyList<ApiBenchAccount> accounts, int orders, IProgress<int>? progress)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"amount={amount}&order_type=buy&pair={pair}&rate={priceJpy}");
        var firstNonce = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000;
        var clients = new List<Client>(accounts.Count);
        try
        {
            foreach (var account in accounts)
            {
                clients.Add(new Client(LoopbackHttpConnection.Open(server), account, firstNonce));
            }

            var bySocket = clients.ToDictionary(c => c.Connection.Socket);

            // One untimed round first: the server reads a key from the store and opens its secret,
            // and the ledger opens a customer's hold account, the first time; a running bot pays that once.
            Cycle(bySocket, body, clients.Count, null);
            return Cycle(bySocket, body, orders, progress);
        }
        finally
        {
            clients.ForEach(c => c.Connection.Dispose());
        }
    }

    /// <summary>Places <paramref name="orders"/> orders, each cancelled once placed, spread over the clients as they are answered.</summary>
    private ApiLoadResult Cycle(Dictionary<Socket, Client> bySocket, string body, int orders, IProgress<int>? progress)
    {
        var clients = bySocket.Values;
        var tally = new Tally(orders);
        var waiting = new List<Socket>(clients.Count);
        var ready = new List<Socket>(clients.Count);
        var remaining = orders;
        var clock = Stopwatch.StartNew();
        var reported = clock.Elapsed;
        foreach (var client in clients.TakeWhile(_ => remaining > 0))
        {
            remaining--;
            Send(client, "POST", "/api/exchange/orders", body);
            waiting.Add(client.Connection.Socket);
        }

        while (waiting.Count > 0)
        {
            ready.Clear();
            ready.AddRange(waiting);
            Socket.Select(ready, null, null, (int)AnswerTimeout.TotalMicroseconds);
            if (ready.Count == 0)
            {
                throw new TimeoutException($"no answer from the server in {AnswerTimeout.TotalSeconds:F0} s");
            }

            foreach (var socket in ready)
            {
                var client = bySocket[socket];
                if (!client.Connection.TryRead(out var response))
                {
                    continue;
                }

                var ticks = Stopwatch.GetTimestamp() - client.SentAt;
                var (id, reason) = IdAndError(response.Body.Span);
                if (response.Closes)
                {
                    // Only a request the server could not read ends its connection: the load stops with what it said.
                    throw new IOException($"the server answered {response.Status} ({(reason.Length > 0 ? reason : "no reason given")}) and closed the connection");
                }

                if (client.CancelsOrder)
                {
                    client.CancelsOrder = false;
                    tally.Cancelled(response.Status, reason, ticks);
                }
                else if (tally.Placed(response.Status, id, reason, ticks))
                {
                    client.CancelsOrder = true;
                    Send(client, "DELETE", $"/api/exchange/orders/{id}", "");
                    continue;
                }

                if (remaining > 0)
                {
                    remaining--;
                    Send(client, "POST", "/api/exchange/orders", body);
                }
                else
                {
                    waiting.Remove(socket);
                }
            }

            if (progress is not null && clock.Elapsed - reported > TimeSpan.FromMilliseconds(100))
            {
                reported = clock.Elapsed;
                progress.Report(tally.PlacedCount);
            }
        }

        clock.Stop();
        progress?.Report(tally.PlacedCount);
        return tally.Result(clock.Elapsed);
    }

    /// <summary>Signs a request with the client's next nonce and sends it.</summary>
    private void Send(Client client, string method, string target, string body)
    {
        var nonceText = (++client.Nonce).ToString(CultureInfo.InvariantCulture);
        var signature = client.Signer.Compute(nonceText, _origin + target, body);
        client.SentAt = Stopwatch.GetTimestamp();
        client.Connection.Send(method, target, body, ("ACCESS-KEY", client.Account.Key), ("ACCESS-NONCE", nonceText), ("ACCESS-SIGNATURE", signature));
    }

    /// <summary>The top-level <c>id</c> (a number) and <c>error</c> (a string) of a JSON answer, when present.</summary>
    private static (long? Id, string Reason) IdAndError(ReadOnlySpan<byte> json)
    {
        long? id = null;
        var reason = "";
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var isId = reader.ValueTextEquals("id"u8);
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.Number)
                {
                    id = reader.GetInt64();
                }
                else if (isError && reader.TokenType == JsonTokenType.String)
                {
                    reason = reader.GetString() ?? "";
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            reason = "not JSON";
        }

        return (id, reason);
    }

    /// <summary>One account's connection and where it is: its last nonce, and whether its request in flight cancels.</summary>
    private sealed class Client(LoopbackHttpConnection connection, ApiBenchAccount account, long nonce)
    {
        public LoopbackHttpConnection Connection { get; } = connection;

        public ApiBenchAccount Account { get; } = account;

        public RequestSignature.Signer Signer { get; } = new(account.Secret);

        public long Nonce { get; set; } = nonce;

        public long SentAt { get; set; }

        public bool CancelsOrder { get; set; }
    }

    /// <summary>What the answers said: counts, round trips, refusals by reason.</summary>
    private sealed class Tally(int orders)
    {
        private readonly List<long> _placeTicks = new(orders);
        private readonly List<long> _cancelTicks = new(orders);
        private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

        public int PlacedCount => _placeTicks.Count;

        /// <summary>Counts a placement's answer; true when it was accepted (with an order id to cancel).</summary>
        public bool Placed(int status, long? id, string reason, long ticks)
        {
            if (status != 200 || id is null)
            {
                Fail($"place {status} {reason}");
                return false;
            }

            _placeTicks.Add(ticks);
            return true;
        }

        public void Cancelled(int status, string reason, long ticks)
        {
            if (status == 200)
            {
                _cancelTicks.Add(ticks);
            }
            else
            {
                Fail($"cancel {status} {reason}");
            }
        }

        public ApiLoadResult Result(TimeSpan elapsed) =>
            new(_placeTicks.Count, _cancelTicks.Count, elapsed, Percentiles(_placeTicks), Percentiles(_cancelTicks), _failures);

        private void Fail(string reason) => _failures[reason] = _failures.GetValueOrDefault(reason) + 1;

        private static LatencyPercentiles Percentiles(List<long> ticks) =>
            ticks.Count == 0 ? new LatencyPercentiles(0, 0, 0, 0) : LatencyPercentiles.From([.. ticks]);
    }
}
