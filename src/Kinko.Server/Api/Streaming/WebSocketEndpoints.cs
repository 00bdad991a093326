using System.Net.WebSockets;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Server.Api.Auth;
using Kinko.Trading.Desk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kinko.Server.Api.Streaming;

/// <summary>
/// The WebSocket feeds on the API's host and port (docs/websocket.md): <c>/ws</c>, Coincheck's public
/// channels (ccxt's <c>urls.api.ws</c>), and <c>/ws/private</c>, a customer's orders, executions and
/// balance after a signed login.
/// </summary>
public static class WebSocketEndpoints
{
    public const string PublicPath = "/ws";
    public const string PrivatePath = "/ws/private";


    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.Services;
        var trading = services.GetRequiredService<TradingSequencer>();
        var markets = new MarketStreams(trading, services.GetRequiredService<TimeProvider>());
        var accounts = new AccountStreams(trading, services.GetRequiredService<LedgerEngine>(), services.GetRequiredService<AssetRegistry>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Kinko.Streaming"));
        var keys = services.GetRequiredService<ApiKeys>();
        var open = new OpenConnections();
        // Only on the feeds' paths: the middleware sets up a WebSocket feature on every request it sees.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(PublicPath, StringComparison.OrdinalIgnoreCase),
            feeds => feeds.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(StreamLimits.KeepAliveSeconds) }));
        app.Map(PublicPath, (Delegate)((HttpContext context) => AcceptAsync(context, open, connection => new PublicSession(connection, markets).RunAsync())));
        app.Map(PrivatePath, (Delegate)((HttpContext context) =>
        {
            var url = ApiKeys.RequestedUrl(context.Request);
            var signedUrl = (context.Request.IsHttps ? "wss" : "ws") + url[url.IndexOf(':', StringComparison.Ordinal)..];
            return AcceptAsync(context, open, connection => new PrivateSession(connection, accounts, keys, signedUrl, context.Connection.RemoteIpAddress).RunAsync());
        }));
    }

    private static async Task<IResult> AcceptAsync(HttpContext context, OpenConnections open, Func<StreamConnection, Task> session)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiJson.Error($"{context.Request.Path} is a WebSocket endpoint (docs/websocket.md)");
        }

        if (Interlocked.Increment(ref open.Count) > StreamLimits.MaxConnections)
        {
            Interlocked.Decrement(ref open.Count);
            return ApiJson.Error($"too many WebSocket connections (at most {StreamLimits.MaxConnections})", StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var connection = new StreamConnection(socket);
            var sending = connection.SendLoopAsync();
            try
            {
                await session(connection);
            }
            finally
            {
                // What is queued (a refusal, an error) still goes out, unless the client stopped reading.
                connection.Finish(null);
                try
                {
                    await sending.WaitAsync(TimeSpan.FromMilliseconds(StreamLimits.CloseTimeoutMilliseconds));
                }
                catch (TimeoutException)
                {
                    connection.Drop(null);
                    await sending;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref open.Count);
        }

        return Results.Empty;
    }

    /// <summary>This server's open WebSocket connections.</summary>
    private sealed class OpenConnections
    {
#pragma warning disable CA1051 // a counter changed only through Interlocked
        public int Count;
#pragma warning restore CA1051
    }
}
