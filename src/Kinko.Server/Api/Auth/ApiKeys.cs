using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kinko.Ledger;
using Kinko.Secrets;
using Kinko.Storage;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Api.Auth;

/// <summary>An authenticated caller of the private API, with the raw body its signature covered.</summary>
public sealed record ApiCaller(string KeyId, long UserId, IReadOnlyList<string> Permissions, string Body)
{
    /// <summary>
    /// The request's nonce when it is not durable yet: on a route that writes it with its trading
    /// command (<see cref="ApiPermissionRoutes.NonceWrittenWithCommand"/>). Otherwise null: the nonce
    /// was durable before the caller was returned.
    /// </summary>
    public DeferredNonce? Nonce { get; init; }

    /// <summary>
    /// Writes <paramref name="answer"/> once the request's nonce is durable, so that a nonce that
    /// cannot be written becomes the usual JSON error instead (the response-start hook would abort it).
    /// </summary>
    public async Task AnswerAsync(HttpContext http, IResult answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (Nonce is { } nonce)
        {
            await nonce.EnsureWrittenAsync().ConfigureAwait(false);
        }

        await answer.ExecuteAsync(http).ConfigureAwait(false);
    }

    /// <summary>Binds a handler's parameter to the caller that <see cref="ApiPermissionRoutes.Requires"/> authenticated.</summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context) => ValueTask.FromResult<ApiCaller?>(Of(context));

    /// <summary>The caller that <see cref="ApiPermissionRoutes.Requires"/> authenticated for this request.</summary>
    public static ApiCaller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[typeof(ApiCaller)] as ApiCaller
            ?? throw new InvalidOperationException("the route takes an ApiCaller but declares no permission (use Requires)");
    }
}

/// <summary>What a client presents: key id, nonce and signature (headers for REST, the login message for the WebSocket).</summary>
public sealed record ApiCredentials(string? KeyId, string? Nonce, string? Signature);

/// <summary>The outcome of checking credentials: the caller, or the status and text to answer with.</summary>
public sealed record ApiAuthentication(ApiCaller? Caller, int Status, string? Error);

/// <summary>
/// API keys: created with permissions and an optional IP allow-list, the secret shown once and
/// kept sealed; requests authenticated in the order of spec §2 (headers, key, signature, then the
/// nonce — recorded only after the signature checks out — then the permission and the address).
/// </summary>
/// <param name="nonces">Where nonces are recorded; only a server that authenticates needs one (the CLI only creates keys).</param>
public sealed class ApiKeys(SqlApiKeyStore store, SecretBox secrets, NonceRecorder? nonces = null)
{
    /// <summary>Keys seen since start, with their secrets opened (a disabled key is dropped and read again).</summary>
    private readonly ConcurrentDictionary<string, KnownKey> _known = new(StringComparer.Ordinal);

    /// <summary>Moves on every enable or disable: a key read from the store while it moved is not kept (it may be stale).</summary>
    private long _changes;

    /// <summary>The permissions a key may have.</summary>
    public static readonly IReadOnlySet<string> KnownPermissions = new HashSet<string>(["read", "trade", "withdraw"], StringComparer.Ordinal);

    public const string InvalidAuthentication = "invalid authentication";
    public const string DisabledKey = "disabled API Key";
    public const string StaleNonce = "Nonce must be incremented";


    /// <summary>Creates a key for a user; returns its id and its secret (shown once, stored sealed).</summary>
    public (string Key, string Secret) Create(long userId, IReadOnlyList<string> permissions, IReadOnlyList<string>? ipAllowList = null)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var unknown = permissions.FirstOrDefault(p => !KnownPermissions.Contains(p));
        if (unknown is not null || permissions.Count == 0)
        {
            throw new ArgumentException($"permissions must be some of {string.Join(", ", KnownPermissions)}; got '{unknown ?? ""}'", nameof(permissions));
        }

        var key = RandomText(16);
        var secret = RandomText(32);
        var sealedSecret = secrets.Seal(Encoding.UTF8.GetBytes(secret), Purpose(key));
        store.Insert(new StoredApiKey(key, userId, sealedSecret, permissions, ipAllowList, true, 0));
        return (key, secret);
    }

    /// <summary>
    /// Authenticates a request; on failure returns the error to answer with (401 or 403). With
    /// <paramref name="deferNonce"/>, a caller is returned before its nonce is durable (see <see cref="ApiCaller.Nonce"/>).
    /// </summary>
    public async Task<(ApiCaller? Caller, IResult? Error)> AuthenticateAsync(HttpRequest request, string permission, bool deferNonce = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = await RequestBody.ReadAsync(request).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, ApiJson.Error(RequestBody.TooLarge, StatusCodes.Status413PayloadTooLarge));
        }

        var body = Encoding.UTF8.GetString(bytes);
        var result = await AuthenticateAsync(
            new ApiCredentials(request.Headers["ACCESS-KEY"].FirstOrDefault(), request.Headers["ACCESS-NONCE"].FirstOrDefault(), request.Headers["ACCESS-SIGNATURE"].FirstOrDefault()),
            RequestedUrl(request), body, request.HttpContext.Connection.RemoteIpAddress, permission, deferNonce).ConfigureAwait(false);
        return result.Caller is { } caller ? (caller, null) : (null, ApiJson.Error(result.Error!, result.Status));
    }

    /// <summary>
    /// Checks credentials over <paramref name="url"/> and <paramref name="body"/> in the order of spec §2
    /// (also used by the private WebSocket's login, which signs its URL with an empty body).
    /// </summary>
    public async ValueTask<ApiAuthentication> AuthenticateAsync(ApiCredentials credentials, string url, string body, IPAddress? remoteAddress, string permission, bool deferNonce = false)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var (keyId, nonceText, signature) = credentials;
        if (keyId is null || signature is null || nonceText is null || nonceText.Length is 0 or > 19 || !nonceText.All(char.IsAsciiDigit)
            || !long.TryParse(nonceText, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce) || nonce <= 0)
        {
            return Fail(InvalidAuthentication);
        }

        if (Find(keyId) is not { } known)
        {
            return Fail(InvalidAuthentication);
        }

        var key = known.Stored;
        if (!key.Enabled)
        {
            return Fail(DisabledKey);
        }

        if (!known.Signature.Matches(nonceText, url, body, signature))
        {
            return Fail(InvalidAuthentication);
        }

        var recorder = nonces ?? throw new InvalidOperationException("these API keys were built without a nonce recorder and cannot authenticate");
        if (!recorder.TryClaim(key.KeyId, key.LastNonce, nonce))
        {
            return Fail(StaleNonce);
        }

        var spent = new ApiNonce(key.KeyId, nonce);
        var refusal = !key.Permissions.Contains(permission) ? $"this API key lacks the '{permission}' permission"
            : key.IpAllowList is { Count: > 0 } allowed && !allowed.Any(a => IPAddress.TryParse(a, out var ip) && ip.Equals(remoteAddress)) ? "this API key may not be used from this address"
            : null;

        // A refusal answers only once the nonce it spent is durable; so does a route that does not write it with its command.
        if (refusal is not null || !deferNonce)
        {
            await recorder.WriteAsync(spent).ConfigureAwait(false);
        }

        return refusal is not null
            ? new ApiAuthentication(null, StatusCodes.Status403Forbidden, refusal)
            : new ApiAuthentication(
                new ApiCaller(key.KeyId, key.UserId, key.Permissions, body) { Nonce = deferNonce ? new DeferredNonce(spent, recorder) : null }, StatusCodes.Status200OK, null);
    }

    /// <summary>The absolute URL as the client asked for it: scheme, host and port, raw path and query.</summary>
    public static string RequestedUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        var target = string.IsNullOrEmpty(raw) ? $"{request.PathBase.Value}{request.Path.Value}{request.QueryString.Value}" : raw;
        return $"{request.Scheme}://{request.Host.Value}{target}";
    }

    /// <summary>Enables or disables a key; takes effect at the key's next request.</summary>
    public void SetEnabled(string keyId, bool enabled)
    {
        Interlocked.Increment(ref _changes);
        store.SetEnabled(keyId, enabled);
        _known.TryRemove(keyId, out _);
        Interlocked.Increment(ref _changes);
    }

    private KnownKey? Find(string keyId)
    {
        if (_known.TryGetValue(keyId, out var known))
        {
            return known;
        }

        var changes = Interlocked.Read(ref _changes);
        if (store.Find(keyId) is not { } stored)
        {
            return null;
        }

        // The opened secret is zeroed once the key's HMAC holds it.
        known = new KnownKey(stored, new RequestSignature.Signer(secrets.Open(stored.SecretSealed, Purpose(stored.KeyId)), zeroKey: true));
        return changes % 2 == 0 && Interlocked.Read(ref _changes) == changes ? _known.GetOrAdd(keyId, known) : known;
    }

    private sealed record KnownKey(StoredApiKey Stored, RequestSignature.Signer Signature);

    private static ApiAuthentication Fail(string message) => new(null, StatusCodes.Status401Unauthorized, message);

    private static string Purpose(string keyId) => "api-key:" + keyId;

    private static string RandomText(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
