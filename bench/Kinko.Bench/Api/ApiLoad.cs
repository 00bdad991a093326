using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Kinko.Bench.Engine;
using Kinko.Server.Api.Auth;

namespace Kinko.Bench.Api;

/// <summary>What the load did: orders placed and cancelled, the HTTP requests that did it, the time, latencies (per order), and refusals by reason.</summary>
public sealed record ApiLoadResult(
    int Placed,
    int Cancelled,
    int Requests,
    TimeSpan Elapsed,
    LatencyPercentiles PlaceLatency,
    LatencyPercentiles CancelLatency,
    IReadOnlyDictionary<string, int> Failures)
{
    public double OrdersPerSecond => Placed / Elapsed.TotalSeconds;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// Signs and sends real order requests over HTTP/1.1, one keep-alive connection per account (so each
/// key's nonces rise): each account places a limit buy below the market, then cancels it, until the
/// orders are placed. With <paramref name="batch"/> above 1, each request places that many orders
/// (Kinko's <c>orders/batch</c>) and one request cancels them (<c>orders/cancel_batch</c>); with 1,
/// Coincheck's own routes. One thread drives every connection (it waits for answers with
/// <see cref="Socket.Select"/>), so that the client takes little of the CPU the server needs.
/// An order counts once the server answers success, which it does only when the order is durable;
/// its latency is its request's round trip.
/// </summary>
public sealed class ApiLoad(Uri server, string pair, long priceJpy, string amount, int batch = 1)
{
    /// <summary>Longest wait for any answer before the load gives up.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Scheme, host and port: the start of every signed URL.</summary>
    private readonly string _origin = $"http://{server.Authority}";

    /// <summary>One placement as Coincheck's route takes it (a form).</summary>
    private readonly string _formOrder = string.Create(CultureInfo.InvariantCulture, $"amount={amount}&order_type=buy&pair={pair}&rate={priceJpy}");

    /// <summary>One placement as an item of a batch (a JSON object).</summary>
    private readonly string _jsonOrder = string.Create(CultureInfo.InvariantCulture, $"{{\"pair\":\"{pair}\",\"order_type\":\"buy\",\"rate\":\"{priceJpy}\",\"amount\":\"{amount}\"}}");

    /// <summary>A full batch's body (built once; only a client's last batch may be smaller).</summary>
    private string? _fullBatch;

    public Task<ApiLoadResult> RunAsync(IReadOnlyList<ApiBenchAccount> accounts, int orders, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return Task.Factory.StartNew(() => Run(accounts, orders, progress), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private ApiLoadResult Run(IReadOnlyList<ApiBenchAccount> accounts, int orders, IProgress<int>? progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
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
            Cycle(bySocket, clients.Count * batch, null);
            return Cycle(bySocket, orders, progress);
        }
        finally
        {
            clients.ForEach(c => c.Connection.Dispose());
        }
    }

    /// <summary>Places <paramref name="orders"/> orders, each cancelled once placed, spread over the clients as they are answered.</summary>
    private ApiLoadResult Cycle(Dictionary<Socket, Client> bySocket, int orders, IProgress<int>? progress)
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
            remaining -= Place(client, remaining);
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
                tally.Answered();
                var answers = Answers(response, client.InFlight);
                if (response.Closes)
                {
                    // Only a request the server could not read ends its connection: the load stops with what it said.
                    var reason = answers[0].Reason;
                    throw new IOException($"the server answered {response.Status} ({(reason.Length > 0 ? reason : "no reason given")}) and closed the connection");
                }

                if (client.Cancels)
                {
                    client.Cancels = false;
                    answers.ForEach(a => tally.Cancelled(a.Reason, ticks));
                }
                else
                {
                    var placed = answers.Where(a => tally.Placed(a.Id, a.Reason, ticks)).Select(a => a.Id!.Value).ToList();
                    if (placed.Count > 0)
                    {
                        Cancel(client, placed);
                        continue;
                    }
                }

                if (remaining > 0)
                {
                    remaining -= Place(client, remaining);
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

    /// <summary>Sends one placement request of up to <see cref="batch"/> orders (no more than <paramref name="remaining"/>); returns how many.</summary>
    private int Place(Client client, int remaining)
    {
        var count = Math.Min(batch, remaining);
        client.InFlight = count;
        if (batch == 1)
        {
            Send(client, "POST", "/api/exchange/orders", _formOrder);
        }
        else
        {
            var body = count == batch ? _fullBatch ??= BatchBody(batch) : BatchBody(count);
            Send(client, "POST", "/api/exchange/orders/batch", body);
        }

        return count;
    }

    private string BatchBody(int count) => "{\"orders\":[" + string.Join(',', Enumerable.Repeat(_jsonOrder, count)) + "]}";

    /// <summary>Sends the request that cancels <paramref name="ids"/>.</summary>
    private void Cancel(Client client, List<long> ids)
    {
        client.Cancels = true;
        client.InFlight = ids.Count;
        if (batch == 1)
        {
            Send(client, "DELETE", string.Create(CultureInfo.InvariantCulture, $"/api/exchange/orders/{ids[0]}"), "");
        }
        else
        {
            Send(client, "POST", "/api/exchange/orders/cancel_batch", "{\"ids\":[" + string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]}");
        }
    }

    /// <summary>Signs a request with the client's next nonce and sends it.</summary>
    private void Send(Client client, string method, string target, string body)
    {
        var nonceText = (++client.Nonce).ToString(CultureInfo.InvariantCulture);
        var signature = client.Signer.Compute(nonceText, _origin + target, body);
        client.SentAt = Stopwatch.GetTimestamp();
        client.Connection.Send(method, target, body, ("ACCESS-KEY", client.Account.Key), ("ACCESS-NONCE", nonceText), ("ACCESS-SIGNATURE", signature));
    }

    /// <summary>
    /// What the answer says of each of the <paramref name="count"/> orders of its request: an id when
    /// it succeeded, else why not. A batch's answer lists them under <c>orders</c>; an answer that is
    /// not a success (a refused request) gives its error for every order.
    /// </summary>
    private List<(long? Id, string Reason)> Answers(LoopbackResponse response, int count)
    {
        var (id, reason, items) = Read(response.Body.Span, batch > 1);
        if (response.Status != 200)
        {
            return [.. Enumerable.Repeat(((long?)null, $"{response.Status} {reason}"), count)];
        }

        if (batch > 1 && items.Count != count)
        {
            // Orders it placed could not be told apart, so none could be cancelled: the load stops.
            throw new IOException($"the server answered {items.Count} items for a batch of {count}");
        }

        return batch == 1 ? [(id, id is null ? $"200 {reason}" : "")] : items;
    }

    /// <summary>
    /// The top-level <c>id</c> (a number) and <c>error</c> (a string) of a JSON answer, when present,
    /// and with <paramref name="batch"/> those of each object of its <c>orders</c> array (an id only when it succeeded).
    /// </summary>
    private static (long? Id, string Reason, List<(long? Id, string Reason)> Items) Read(ReadOnlySpan<byte> json, bool batch)
    {
        long? id = null;
        var reason = "";
        var items = new List<(long? Id, string Reason)>();
        var reader = new Utf8JsonReader(json);
        (long? Id, string Reason, bool Success) item = (null, "", false);
        try
        {
            while (reader.Read())
            {
                if (batch && reader.CurrentDepth == 2 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.EndObject)
                {
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        items.Add(item.Success ? (item.Id, "") : (null, $"200 {item.Reason}"));
                    }

                    item = (null, "", false);
                    continue;
                }

                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth is not (1 or 3))
                {
                    continue;
                }

                var top = reader.CurrentDepth == 1;
                var isId = reader.ValueTextEquals("id"u8);
                var isError = reader.ValueTextEquals("error"u8);
                var isSuccess = reader.ValueTextEquals("success"u8);
                var isOrders = top && batch && reader.ValueTextEquals("orders"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.Number)
                {
                    if (top)
                    {
                        id = reader.GetInt64();
                    }
                    else
                    {
                        item.Id = reader.GetInt64();
                    }
                }
                else if (isError && reader.TokenType == JsonTokenType.String)
                {
                    if (top)
                    {
                        reason = reader.GetString() ?? "";
                    }
                    else
                    {
                        item.Reason = reader.GetString() ?? "";
                    }
                }
                else if (isSuccess && !top)
                {
                    item.Success = reader.TokenType == JsonTokenType.True;
                }
                else if (!isOrders)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            reason = "not JSON";
        }

        return (id, reason, items);
    }

    /// <summary>One account's connection and where it is: its last nonce, and whether its request in flight cancels.</summary>
    private sealed class Client(LoopbackHttpConnection connection, ApiBenchAccount account, long nonce)
    {
        public LoopbackHttpConnection Connection { get; } = connection;

        public ApiBenchAccount Account { get; } = account;

        public RequestSignature.Signer Signer { get; } = new(account.Secret);

        public long Nonce { get; set; } = nonce;

        public long SentAt { get; set; }

        /// <summary>Whether the request in flight cancels (else it places).</summary>
        public bool Cancels { get; set; }

        /// <summary>How many orders the request in flight places or cancels.</summary>
        public int InFlight { get; set; }
    }

    /// <summary>What the answers said: counts, round trips, refusals by reason.</summary>
    private sealed class Tally(int orders)
    {
        private readonly List<long> _placeTicks = new(orders);
        private readonly List<long> _cancelTicks = new(orders);
        private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

        private int _requests;

        public int PlacedCount => _placeTicks.Count;

        /// <summary>Counts an HTTP request answered.</summary>
        public void Answered() => _requests++;

        /// <summary>Counts one order's placement; true when it was accepted (with an order id to cancel).</summary>
        public bool Placed(long? id, string reason, long ticks)
        {
            if (id is null)
            {
                Fail($"place {reason}");
                return false;
            }

            _placeTicks.Add(ticks);
            return true;
        }

        /// <summary>Counts one order's cancellation: done when there is no reason against it.</summary>
        public void Cancelled(string reason, long ticks)
        {
            if (reason.Length == 0)
            {
                _cancelTicks.Add(ticks);
            }
            else
            {
                Fail($"cancel {reason}");
            }
        }

        public ApiLoadResult Result(TimeSpan elapsed) =>
            new(_placeTicks.Count, _cancelTicks.Count, _requests, elapsed, Percentiles(_placeTicks), Percentiles(_cancelTicks), _failures);

        private void Fail(string reason) => _failures[reason] = _failures.GetValueOrDefault(reason) + 1;

        private static LatencyPercentiles Percentiles(List<long> ticks) =>
            ticks.Count == 0 ? new LatencyPercentiles(0, 0, 0, 0) : LatencyPercentiles.From([.. ticks]);
    }
}
