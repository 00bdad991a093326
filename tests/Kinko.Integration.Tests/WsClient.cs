using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Kinko.Integration.Tests;

/// <summary>A real <see cref="ClientWebSocket"/> on loopback that sends JSON and reads whole JSON messages.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();

    private WsClient(string url)
    {
        Url = url;
    }

    public string Url { get; }

    /// <summary>Why the server closed the connection, once it has.</summary>
    public string? CloseReason => _socket.CloseStatusDescription;

    public static async Task<WsClient> ConnectAsync(ApiServer server, string path)
    {
        var client = new WsClient(server.Url.Replace("http://", "ws://", StringComparison.Ordinal) + path);
        using var timeout = new CancellationTokenSource(Patience);
        await client._socket.ConnectAsync(new Uri(client.Url), timeout.Token);
        return client;
    }

    public async Task SendAsync(object message) => await SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next message; null when the server closed the connection.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                using var document = JsonDocument.Parse(buffer.ToArray());
                return document.RootElement.Clone();
            }
        }
    }

    /// <summary>Reads messages until one matches (or fails after the patience runs out); returns the ones read before it too.</summary>
    public async Task<(JsonElement Match, List<JsonElement> Before)> ReceiveUntilAsync(Func<JsonElement, bool> match)
    {
        var before = new List<JsonElement>();
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new InvalidOperationException($"the server closed the connection ({CloseReason}) after {string.Join(" ", before)}");
            if (match(message))
            {
                return (message, before);
            }

            before.Add(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }

        _socket.Dispose();
    }
}
