using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Kinko.Server.Api.Streaming;

/// <summary>
/// A message waiting to be sent. It is rendered by the connection's send loop, never by the thread
/// that queued it (the trading sequencer must not serialise JSON). Order-book messages carry their
/// pair and feed sequence so that the send loop can drop diffs its snapshot already contains.
/// </summary>
internal sealed record Outgoing(Func<byte[]?> Render, string? BookPair = null, long Sequence = 0, bool IsSnapshot = false)
{
    public static Outgoing Shared(Lazy<byte[]> message, string? bookPair = null, long sequence = 0) => new(() => message.Value, bookPair, sequence);
}

/// <summary>
/// One WebSocket client: a bounded send queue drained by one send loop, and a receive loop that reads
/// whole text messages up to <see cref="StreamLimits.MaxIncomingMessageBytes"/>. Queuing never
/// blocks: when the queue is full the client is too slow, and it is disconnected.
/// </summary>
internal sealed class StreamConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<Outgoing> _queue = Channel.CreateBounded<Outgoing>(
        new BoundedChannelOptions(StreamLimits.MaxQueuedMessagesPerConnection) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _bookFrom = new(StringComparer.Ordinal);
    private string? _closeReason;

    public StreamConnection(WebSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Cancelled when the connection is being closed (by either side).</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Queues a message; false (and the client is being disconnected) when the queue is full.</summary>
    public bool TryEnqueue(Outgoing message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        Drop($"slow consumer: more than {StreamLimits.MaxQueuedMessagesPerConnection} messages waiting");
        return false;
    }

    /// <summary>Queues a message built now (answers and errors, not on the sequencer's thread).</summary>
    public bool TryEnqueue(byte[] message) => TryEnqueue(new Outgoing(() => message));

    /// <summary>Ends the connection: nothing more is queued, the send loop closes the socket. Cheap, never blocks.</summary>
    public void Drop(string? reason)
    {
        if (reason is not null)
        {
            Interlocked.CompareExchange(ref _closeReason, reason, null);
        }

        _queue.Writer.TryComplete();

        // Cancelling runs the socket's callbacks; keep them off the caller's thread (it may be the sequencer).
        ThreadPool.QueueUserWorkItem(static stop => Cancel(stop), _stop, preferLocal: false);
    }

    /// <summary>Ends the connection gracefully: what is queued is still sent, then the socket is closed with the reason.</summary>
    public void Finish(string? reason)
    {
        if (reason is not null)
        {
            Interlocked.CompareExchange(ref _closeReason, reason, null);
        }

        _queue.Writer.TryComplete();
    }

    /// <summary>Sends queued messages in order until the connection is dropped, then closes it (with the reason, if any).</summary>
    public async Task SendLoopAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var message))
                {
                    if (ShouldSend(message) && message.Render() is { } bytes)
                    {
                        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, Stopping).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // dropped while sending or waiting; closed below
        }
        catch (WebSocketException)
        {
            // the client went away
        }

        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>The next whole text message as JSON; null when the connection ends (closed, too large, cancelled).</summary>
    public async Task<IncomingMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(StreamLimits.MaxIncomingMessageBytes + 1);
        try
        {
            var length = 0;
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(length, StreamLimits.MaxIncomingMessageBytes + 1 - length), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Drop(null);
                    return null;
                }

                length += result.Count;
                if (length > StreamLimits.MaxIncomingMessageBytes)
                {
                    await CloseNowAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {StreamLimits.MaxIncomingMessageBytes} bytes").ConfigureAwait(false);
                    return null;
                }

                if (result.EndOfMessage)
                {
                    return IncomingMessage.Parse(result.MessageType, buffer.AsSpan(0, length));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            Drop(null);
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _stop.Dispose();

    private static void Cancel(CancellationTokenSource stop)
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the connection already ended
        }
    }

    /// <summary>Order-book diffs are sent only after their pair's snapshot, and only those newer than it.</summary>
    private bool ShouldSend(Outgoing message)
    {
        if (message.BookPair is not { } pair)
        {
            return true;
        }

        if (message.IsSnapshot)
        {
            _bookFrom[pair] = message.Sequence;
            return true;
        }

        return _bookFrom.TryGetValue(pair, out var from) && message.Sequence > from;
    }

    private async Task CloseAsync()
    {
        var reason = Volatile.Read(ref _closeReason);
        await CloseNowAsync(reason is null ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.PolicyViolation, reason ?? "bye").ConfigureAwait(false);
    }

    private async Task CloseNowAsync(WebSocketCloseStatus status, string reason)
    {
        _queue.Writer.TryComplete();
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(StreamLimits.CloseTimeoutMilliseconds);
            try
            {
                await _socket.CloseOutputAsync(status, Truncate(reason), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                _socket.Abort();
            }
        }

        Cancel(_stop);
    }

    /// <summary>A close reason is limited to 123 bytes by the protocol.</summary>
    private static string Truncate(string reason) => Encoding.UTF8.GetByteCount(reason) <= 123 ? reason : reason[..Math.Min(reason.Length, 120)];
}

/// <summary>A client's message: its JSON, or why it could not be read.</summary>
internal sealed record IncomingMessage(JsonElement? Json, string? Error)
{
    public static IncomingMessage Parse(WebSocketMessageType type, ReadOnlySpan<byte> bytes)
    {
        if (type != WebSocketMessageType.Text)
        {
            return new IncomingMessage(null, "messages must be JSON text");
        }

        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 8 });
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new IncomingMessage(document.RootElement.Clone(), null)
                : new IncomingMessage(null, "a message must be a JSON object");
        }
        catch (JsonException e)
        {
            return new IncomingMessage(null, "not JSON: " + e.Message);
        }
    }

    public string? Text(string name) =>
        Json is { } json && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
