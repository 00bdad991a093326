using System.Net.Http.Json;
using System.Text.Json;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Secrets;
using Kinko.Server;
using Kinko.Server.Accounts;
using Kinko.Server.Admin;
using Kinko.Storage;

namespace Kinko.Cli.Commands;

/// <summary>
/// Where an admin command runs (DESIGN.md): through the admin API of the server that serves the data
/// folder (its address in server.json, its token in admin.token), or, when none answers, on the store
/// opened here, exclusively. Both give the same answers and the same refusals.
/// </summary>
internal sealed class AdminSession : IDisposable
{
    /// <summary>How long the CLI waits for a server that left its address before taking it for gone.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient? _http;
    private readonly LocalStore? _local;

    private AdminSession(HttpClient http, string url)
    {
        _http = http;
        Where = $"through the server at {url}";
    }

    private AdminSession(LocalStore local)
    {
        _local = local;
        Where = "in the store (no server runs on this data folder)";
    }

    public string Where { get; }

    public static async Task<AdminSession> OpenAsync(string dataFolder, string? postgres)
    {
        if (ServerAddressFile.Read(dataFolder) is { } server)
        {
            var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = RequestTimeout };
            try
            {
                using (var probe = new CancellationTokenSource(ProbeTimeout))
                {
                    using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), probe.Token).ConfigureAwait(false);
                }

                var token = AdminTokenFile.Read(dataFolder)
                    ?? throw new AccountException("--data", $"a server runs at {server.Url} but {AdminTokenFile.FileName} is missing or unreadable", 1);
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                return new AdminSession(http, server.Url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // server.json outlived its server (killed): the store lock decides below.
                http.Dispose();
            }
            catch
            {
                http.Dispose();
                throw;
            }
        }

        return new AdminSession(LocalStore.Open(dataFolder, postgres));
    }

    public Task<TierResult> SetTierAsync(string email, string tier) =>
        _local is { } local
            ? Task.FromResult(local.Tiers.Set(LocalActor, email, tier))
            : PostAsync<TierResult>("rate_tiers", new { email, tier });

    public Task<KeyList> ListKeysAsync(string email) =>
        _local is { } local
            ? Task.FromResult(new KeyList(local.Keys.List(email)))
            : GetAsync<KeyList>("api_keys?email=" + Uri.EscapeDataString(email));

    public Task<KeySummary> SetKeyEnabledAsync(string key, bool enabled) =>
        _local is { } local
            ? Task.FromResult(local.Keys.SetEnabled(LocalActor, key, enabled))
            : PostAsync<KeySummary>(enabled ? "api_keys/enable" : "api_keys/disable", new { key });

    public Task<CreatedUser> CreateUserAsync(string email, string password) =>
        _local is { } local
            ? local.Operations.CreateUserAsync(LocalActor, email, password)
            : PostAsync<CreatedUser>("users", new { email, password });

    public Task<CreatedOperator> CreateOperatorAsync(string email, string password) =>
        _local is { } local
            ? local.Operations.CreateOperatorAsync(LocalActor, email, password)
            : PostAsync<CreatedOperator>("operators", new { email, password });

    public Task<CreatedKey> CreateApiKeyAsync(string email, IReadOnlyList<string> permissions, IReadOnlyList<string>? ipAllow) =>
        _local is { } local
            ? Task.FromResult(local.Operations.CreateApiKey(LocalActor, email, permissions, ipAllow))
            : PostAsync<CreatedKey>("api_keys", new { email, permissions, ip_allow = ipAllow });

    public Task<CreditResult> CreditAsync(string email, string asset, string amount, string reference, string reason) =>
        _local is { } local
            ? Task.FromResult(local.Operations.Credit(LocalActor, email, asset, amount, reference, reason))
            : PostAsync<CreditResult>("credits", new { email, asset, amount, reference, reason });

    public void Dispose()
    {
        _http?.Dispose();
        _local?.Dispose();
    }

    private static string LocalActor => $"cli:{Environment.UserName}";

    private Task<T> PostAsync<T>(string path, object body) =>
        SendAsync<T>(http => http.PostAsJsonAsync(new Uri(AdminEndpoints.Prefix + "/" + path, UriKind.Relative), body, AdminJson.Options));

    private Task<T> GetAsync<T>(string pathAndQuery) =>
        SendAsync<T>(http => http.GetAsync(new Uri(AdminEndpoints.Prefix + "/" + pathAndQuery, UriKind.Relative)));

    private async Task<T> SendAsync<T>(Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        using var response = await send(_http!).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString() ?? "";
            var colon = error.IndexOf(": ", StringComparison.Ordinal);
            throw colon > 0
                ? new AccountException(error[..colon], error[(colon + 2)..], (int)response.StatusCode)
                : new AccountException("server", error, (int)response.StatusCode);
        }

        return JsonSerializer.Deserialize<T>(text, AdminJson.Options)!;
    }

    /// <summary>The store, the ledger and the secrets, opened by the CLI itself.</summary>
    private sealed class LocalStore : IDisposable
    {
        private readonly DataFolderLock? _folderLock;
        private readonly LedgerEngine _engine;
        private readonly SecretBox _secrets;

        private LocalStore(DataFolderLock? folderLock, LedgerEngine engine, SecretBox secrets, AdminOperations operations, TierOperations tiers, KeyOperations keys)
        {
            Tiers = tiers;
            Keys = keys;
            _folderLock = folderLock;
            _engine = engine;
            _secrets = secrets;
            Operations = operations;
        }

        public AdminOperations Operations { get; }

        public TierOperations Tiers { get; }

        public KeyOperations Keys { get; }

        public static LocalStore Open(string dataFolder, string? postgres)
        {
            var time = TimeProvider.System;
            var folderLock = postgres is null ? null : DataFolderLock.Acquire(dataFolder);
            var store = StoreOpener.Open(dataFolder, postgres);
            var engine = new LedgerEngine(store, AssetRegistry.Default, time);
            SecretBox secrets;
            using (var kek = KeyFileKek.OpenOrCreate(dataFolder, message => Console.Error.WriteLine($"kinko: {message}")))
            {
                secrets = new SecretBox(kek);
            }

            var users = new SqlUserStore(store, time);
            var principals = new Principals(users, new SqlRecoveryCodes(store, time), secrets, new PasswordHasher(AccountsModule.PasswordSettings), time);
            var keyStore = new SqlApiKeyStore(store, time);
            var keys = new Server.Api.Auth.ApiKeys(keyStore, secrets);
            var audit = new SqlAdminAudit(store, time);
            var operations = new AdminOperations(principals, keys, engine, users, audit, AssetRegistry.Default, time);
            var tiers = new Server.Api.Limits.AccountTiers(ConfigFile.RateLimits ?? new Server.Api.Limits.RateLimitOptions(), new SqlAccountTierStore(store, time));
            return new LocalStore(folderLock, engine, secrets, operations, new TierOperations(principals, tiers, audit), new KeyOperations(principals, keys, keyStore, audit));
        }

        public void Dispose()
        {
            _engine.Dispose();
            _secrets.Dispose();
            _folderLock?.Dispose();
        }
    }
}
