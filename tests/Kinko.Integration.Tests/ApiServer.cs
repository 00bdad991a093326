using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kinko.Ledger;
using Kinko.Server;
using Kinko.Server.Api.Auth;
using Kinko.Server.Api.Limits;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Integration.Tests;

/// <summary>A real <c>kinko serve</c> in-process on a free loopback port, with a client that signs requests as spec §2 says.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private long _nonce = 1_700_000_000_000;

    private readonly ServerOptions _options;
    private readonly TimeProvider? _time;

    private ApiServer(TempDirectory folder, ServerOptions options, TimeProvider? time, WebApplication app)
    {
        _folder = folder;
        _options = options;
        _time = time;
        App = app;
        Url = KinkoServer.Addresses(app)[0];
    }

    public WebApplication App { get; private set; }

    public string Url { get; private set; }

    public string DataFolder => _folder.Path;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Limits high enough that no test but the rate-limit ones meets them.</summary>
    public static readonly RateLimitOptions GenerousLimits = new()
    {
        Tiers = new Dictionary<string, RateTier> { [RateLimitOptions.DefaultTier] = new(10_000, 10_000, 10_000) },
    };

    /// <summary>
    /// Starts a server with <paramref name="limits"/> (<see cref="GenerousLimits"/> unless given) and
    /// <paramref name="time"/> (the system clock unless given), on SQLite in a new data folder, or on
    /// the PostgreSQL database <paramref name="postgres"/> names.
    /// </summary>
    public static async Task<ApiServer> StartAsync(string name, RateLimitOptions? limits = null, TimeProvider? time = null, string? postgres = null)
    {
        var folder = new TempDirectory(name);
        var options = new ServerOptions { DataFolder = folder.Path, Urls = "http://127.0.0.1:0", RateLimits = limits ?? GenerousLimits, PostgresConnectionString = postgres };
        var app = KinkoServer.Build(options, time: time);
        await app.StartAsync();
        return new ApiServer(folder, options, time, app);
    }

    /// <summary>Stops the server and starts a new one on the same data folder (on a new port).</summary>
    public async Task RestartAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        App = KinkoServer.Build(_options, time: _time);
        await App.StartAsync();
        Url = KinkoServer.Addresses(App)[0];
    }

    /// <summary>Credits a customer from company capital (minor units).</summary>
    public void Fund(long owner, string asset, long amount)
    {
        var ledger = Get<LedgerEngine>();
        var capital = ledger.OpenAccount(new NewAccount(asset, AccountKind.CompanyCapital, 0, AccountFlags.None));
        ledger.Execute(TransferRequest.Post($"fund-{owner}-{asset}", capital.Id, new TradingAccounts(ledger).Available(asset, owner), asset, amount))
            .Status.ShouldBe(TransferStatus.Created);
    }

    /// <summary>A customer funded with <paramref name="funds"/> (minor units) and a read+trade key.</summary>
    public (string Key, string Secret) Trader(long owner, params (string Asset, long Amount)[] funds)
    {
        foreach (var (asset, amount) in funds)
        {
            Fund(owner, asset, amount);
        }

        return Get<ApiKeys>().Create(owner, ["read", "trade"]);
    }

    /// <summary>An unsigned GET; the answer's status and JSON body.</summary>
    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path) => SendUnsignedAsync(HttpMethod.Get, path);

    /// <summary>An unsigned request; the answer's status and JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendUnsignedAsync(HttpMethod method, string path, string? body = null, string? contentType = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(Url), path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType ?? "application/json");
        }

        using var response = await Http.SendAsync(request);
        return await ReadAsync(response);
    }

    /// <summary>A request signed with <paramref name="key"/>'s secret (the next nonce unless one is given).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(
        HttpMethod method, string path, (string Key, string Secret) key, string? body = null, bool json = false, long? nonce = null, string? contentType = null,
        HttpClient? via = null)
    {
        using var request = SignedRequest.Create(
            method, Url + path, key, nonce ?? Interlocked.Increment(ref _nonce), body, contentType ?? (json ? "application/json" : null));
        using var response = await (via ?? Http).SendAsync(request);
        return await ReadAsync(response);
    }

    /// <summary>A client whose connections leave from <paramref name="local"/> (e.g. 127.0.0.2), to test IP allow-lists.</summary>
    public static HttpClient ClientBoundTo(IPAddress local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    /// <summary>A nonce above every one this client has sent, reserving <paramref name="room"/> after it.</summary>
    public long ReserveNonces(long room) => Interlocked.Add(ref _nonce, room) - room + 1;

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Http.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static async Task<(HttpStatusCode, JsonElement)> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
