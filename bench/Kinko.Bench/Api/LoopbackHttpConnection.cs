using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Kinko.Bench.Api;

/// <summary>
/// A response read by <see cref="LoopbackHttpConnection"/>: the status, the body (valid until the
/// connection reads again), and whether the server closes the connection after it (<c>Connection: close</c>).
/// </summary>
public readonly record struct LoopbackResponse(int Status, ReadOnlyMemory<byte> Body, bool Closes = false);

/// <summary>
/// One keep-alive HTTP/1.1 connection to a plain-HTTP server, for the load bench, driven by one
/// thread that polls many of them (<see cref="Socket.Select"/>): a request is written into one
/// buffer and sent with one call; an answer (Content-Length or chunked) is parsed once all of it
/// has arrived. The load measures the server, so its client must cost little: HttpClient, and
/// even async sockets on the thread pool, spent 30–35 µs of CPU per request waking pool threads,
/// a quarter of the two cores this machine shares between server and client.
/// </summary>
public sealed class LoopbackHttpConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly string _host;
    private byte[] _send = new byte[4_096];
    private byte[] _receive = new byte[16_384];
    private byte[] _body = new byte[16_384];
    private int _start;
    private int _end;

    private LoopbackHttpConnection(Socket socket, string host)
    {
        Socket = socket;
        _host = host;
    }

    public Socket Socket { get; }

    public static LoopbackHttpConnection Open(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException("the load client speaks plain HTTP/1.1 (the server on loopback): use an http:// URL", nameof(server));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(server.Host, server.Port);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new LoopbackHttpConnection(socket, server.Authority);
    }

    /// <summary>Sends one request (a JSON body when <paramref name="body"/> starts with <c>{</c>, else a form body when it is not empty); read its answer with <see cref="TryRead"/>.</summary>
    public void Send(string method, string target, string body, params (string Name, string Value)[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var request = new StringBuilder(320)
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: ").Append(_host).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var bodyBytes = Encoding.UTF8.GetByteCount(body);
        if (bodyBytes > 0)
        {
            request.Append(body.StartsWith('{') ? "Content-Type: application/json\r\n" : "Content-Type: application/x-www-form-urlencoded\r\n");
        }

        var text = request.Append("Content-Length: ").Append(bodyBytes).Append("\r\n\r\n").Append(body).ToString();
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most > _send.Length)
        {
            _send = new byte[most];
        }

        var length = Encoding.UTF8.GetBytes(text, _send);
        for (var sent = 0; sent < length;)
        {
            sent += Socket.Send(_send, sent, length - sent, SocketFlags.None);
        }
    }

    /// <summary>Reads what has arrived (call when the socket is readable) and returns an answer once all of it is here.</summary>
    public bool TryRead(out LoopbackResponse response)
    {
        if (_end == _receive.Length)
        {
            Array.Resize(ref _receive, _receive.Length * 2);
        }

        var read = Socket.Receive(_receive, _end, _receive.Length - _end, SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
        if (!TryParse(out response, out var consumed))
        {
            return false;
        }

        _start += consumed;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return true;
    }

    public void Dispose() => Socket.Dispose();

    /// <summary>Parses one whole answer at <see cref="_start"/>, if all of it has arrived; the body goes to <see cref="_body"/>.</summary>
    private bool TryParse(out LoopbackResponse response, out int consumed)
    {
        response = default;
        consumed = 0;
        var data = _receive.AsSpan(_start, _end - _start);
        var headerEnd = data.IndexOf(HeaderEnd);
        if (headerEnd < 0)
        {
            return false;
        }

        var head = Encoding.ASCII.GetString(data[..headerEnd]);
        var status = int.Parse(head.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var at = headerEnd + HeaderEnd.Length;
        int length;
        var (contentLength, chunked, closes) = Framing(head);
        if (contentLength is { } declared)
        {
            length = declared;
            if (data.Length - at < length)
            {
                return false;
            }

            CopyBody(data.Slice(at, length), 0);
            at += length;
        }
        else if (chunked)
        {
            if (!TryReadChunks(data, ref at, out length))
            {
                return false;
            }
        }
        else
        {
            length = 0;
        }

        response = new LoopbackResponse(status, _body.AsMemory(0, length), closes);
        consumed = at;
        return true;
    }

    /// <summary>Decodes a chunked body starting at <paramref name="at"/>; false while some of it has not arrived.</summary>
    private bool TryReadChunks(ReadOnlySpan<byte> data, ref int at, out int length)
    {
        length = 0;
        while (true)
        {
            var lineEnd = data[at..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }

            var sizeText = Encoding.ASCII.GetString(data.Slice(at, lineEnd)).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            if (size == 0)
            {
                // No trailers are sent: the body ends with an empty line.
                if (data.Length - at < 2)
                {
                    return false;
                }

                at += 2;
                return true;
            }

            if (data.Length - at < size + 2)
            {
                return false;
            }

            CopyBody(data.Slice(at, size), length);
            length += size;
            at += size + 2;
        }
    }

    private void CopyBody(ReadOnlySpan<byte> part, int offset)
    {
        if (offset + part.Length > _body.Length)
        {
            Array.Resize(ref _body, Math.Max(offset + part.Length, _body.Length * 2));
        }

        part.CopyTo(_body.AsSpan(offset));
    }

    /// <summary>How the body is framed, from one pass over the header lines: its Content-Length, or whether it is chunked; and whether the connection closes after it.</summary>
    private static (int? ContentLength, bool Chunked, bool Closes) Framing(string head)
    {
        int? contentLength = null;
        var chunked = false;
        var closes = false;
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Equals("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("connection", StringComparison.OrdinalIgnoreCase))
            {
                closes = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        return (contentLength, chunked, closes);
    }
}
