using System.Net;
using System.Net.Sockets;
using System.Text;
using Kinko.Bench.Api;

namespace Kinko.Integration.Tests;

/// <summary>The load bench's HTTP/1.1 client against a raw loopback socket: framing, keep-alive and a server that closes.</summary>
public sealed class LoopbackHttpConnectionTests
{
    [Fact]
    public async Task Reads_answers_framed_by_length_or_in_chunks_and_says_when_the_server_closes()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var connection = LoopbackHttpConnection.Open(new Uri($"http://127.0.0.1:{port}"));
        using var server = await listener.AcceptSocketAsync();

        connection.Send("GET", "/one", "");
        await server.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"a\":1}"));
        var first = ReadWhole(connection);
        first.Status.ShouldBe(200);
        Encoding.UTF8.GetString(first.Body.Span).ShouldBe("{\"a\":1}");
        first.Closes.ShouldBeFalse();

        connection.Send("POST", "/two", "x=1");
        await server.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"b\r\n4\r\n\":2}\r\n0\r\n\r\n"));
        Encoding.UTF8.GetString(ReadWhole(connection).Body.Span).ShouldBe("{\"b\":2}");

        connection.Send("GET", "/three", "");
        await server.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
        var last = ReadWhole(connection);
        last.Status.ShouldBe(400);
        last.Closes.ShouldBeTrue();
    }

    private static LoopbackResponse ReadWhole(LoopbackHttpConnection connection)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            connection.Socket.Poll(TimeSpan.FromSeconds(5), SelectMode.SelectRead).ShouldBeTrue();
            if (connection.TryRead(out var response))
            {
                return response;
            }
        }

        throw new TimeoutException("no whole answer");
    }
}
