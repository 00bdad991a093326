using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Secrets;
using Kinko.Server.Api;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Kinko.Trading.Desk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kinko.Server;

/// <summary>Builds the one Kinko process: the store, the ledger, and the HTTP endpoints.</summary>
public static class KinkoServer
{
    /// <param name="time">The clock (tests pass a fake one to move time); the system clock by default.</param>
    public static WebApplication Build(ServerOptions options, string[]? args = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.DataFolder);

        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Kinko", LogLevel.Information);

        // Kestrel starts an Activity and a logging scope for every request while this category logs
        // at all; it logs only request-start and request-end lines, which Kinko does not keep.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(AssetRegistry.Default);
        if (options.PostgresConnectionString is not null)
        {
            // The SQLite store locks the data folder itself; with PostgreSQL the server does, since the
            // folder still holds the key file and server.json.
            builder.Services.AddSingleton(_ => DataFolderLock.Acquire(options.DataFolder));
        }

        builder.Services.AddSingleton<ILedgerStore>(sp => OpenStore(options, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new LedgerEngine(
            sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<AssetRegistry>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new LedgerWriter(sp.GetRequiredService<LedgerEngine>()));
        builder.Services.AddSingleton(sp => TradingSequencer.OpenAsync(
            sp.GetRequiredService<LedgerEngine>(), sp.GetRequiredService<AssetRegistry>(), options.Markets, sp.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult());
        builder.Services.AddSingleton(sp => new SqlApiKeyStore((SqlLedgerStore)sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new SqlAccountTierStore((SqlLedgerStore)sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new Api.Limits.AccountTiers(options.RateLimits, sp.GetRequiredService<SqlAccountTierStore>()));
        builder.Services.AddSingleton(sp => new Api.Limits.RateLimiter(sp.GetRequiredService<Api.Limits.AccountTiers>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new SqlBankAccountStore((SqlLedgerStore)sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<INonceStore>(sp => sp.GetRequiredService<ILedgerStore>() is SqliteLedgerStore
            ? SqliteNonceFile.Open(options.DataFolder) // its own file: no waiting for the ledger's writer
            : new PostgresNonceTable((PostgresLedgerStore)sp.GetRequiredService<ILedgerStore>()));
        builder.Services.AddSingleton(sp => new Api.Auth.NonceRecorder(sp.GetRequiredService<INonceStore>()));
        builder.Services.AddSingleton(sp => new Api.Auth.ApiKeys(sp.GetRequiredService<SqlApiKeyStore>(), sp.GetRequiredService<SecretBox>(), sp.GetRequiredService<Api.Auth.NonceRecorder>()));
        builder.Services.AddSingleton(sp => OpenSecretBox(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Kinko.Secrets")));
        Admin.AccountsModule.AddServices(builder.Services, options);
        Workers.DemoModule.AddServices(builder.Services, options);

        var app = builder.Build();

        // Lock the folder, open the ledger and the secrets key now, so that a bad store fails at start,
        // not at the first request.
        if (options.PostgresConnectionString is not null)
        {
            app.Services.GetRequiredService<DataFolderLock>();
        }

        app.Services.GetRequiredService<LedgerWriter>();
        app.Services.GetRequiredService<SecretBox>();
        Admin.AccountsModule.Start(app);
        var trading = app.Services.GetRequiredService<TradingSequencer>();
        app.Lifetime.ApplicationStopping.Register(() => trading.DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.MapGet("/health", (LedgerEngine ledger, ILedgerStore store, TradingSequencer sequencer) => Results.Json(new HealthReport(
            "ok", store.Kind, ledger.LastPosition.Value, ledger.TrialBalance().All(l => l.IsBalanced), sequencer.LastSequence,
            sequencer.Feeds.All().Select(f => f.Pair).ToList())));
        app.UseJsonErrors();
        app.UseApiAuthentication();
        Api.PublicEndpoints.Map(app);
        Api.AccountEndpoints.Map(app);
        Api.OrderEndpoints.Map(app);
        Api.OrderBatchEndpoints.Map(app);
        Api.FundingEndpoints.Map(app);
        Accounts.UserEndpoints.Map(app);
        Admin.AdminEndpoints.Map(app);
        Api.Streaming.WebSocketEndpoints.Map(app);
        Reference.ReferenceEndpoints.Map(app);
        app.MapFallback("/api/{**path}", (HttpRequest request) => Api.ApiJson.Error($"no endpoint {request.Method} {request.Path}", StatusCodes.Status404NotFound));
        app.Lifetime.ApplicationStarted.Register(() => OnStarted(app, options));
        app.Lifetime.ApplicationStopped.Register(() => ServerAddressFile.DeleteIfOwnedBy(options.DataFolder, Environment.ProcessId));
        return app;
    }

    /// <summary>The addresses Kinko actually listens on (with real ports when 0 was asked).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
    }

    private static ILedgerStore OpenStore(ServerOptions options, TimeProvider time) =>
        options.PostgresConnectionString is { } connectionString
            ? PostgresLedgerStore.Open(connectionString, time)
            : SqliteLedgerStore.Open(options.DataFolder, time);

    private static SecretBox OpenSecretBox(ServerOptions options, ILogger logger)
    {
        using var kek = KeyFileKek.OpenOrCreate(options.DataFolder, message => logger.LogWarning("{Message}", message));
        if (!kek.Created)
        {
            logger.LogWarning(
                "Secrets are sealed under the key file {Path}, which sits beside the data it protects; keep a backup of it apart from the data (kinko serve has no passphrase or HSM key source yet).",
                kek.FilePath);
        }

        return new SecretBox(kek);
    }

    private static void OnStarted(WebApplication app, ServerOptions options)
    {
        var url = Addresses(app).FirstOrDefault() ?? options.Urls;
        ServerAddressFile.Write(options.DataFolder, new ServerAddressFile.Contents(url, Environment.ProcessId, DateTimeOffset.UtcNow));
    }

    private sealed record HealthReport(string Status, string Store, long LedgerPosition, bool LedgerBalanced, long JournalSequence, IReadOnlyList<string> Markets);
}
