using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kinko.Secrets;
using Kinko.Storage;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Api.Auth;

/// <summary>An authenticated caller of the private API, with the raw body its signature covered.</summary>
public sealed record ApiCaller(string KeyId, long UserId, IReadOnlyList<string> Permissions, string Body)
{
    /// <summary>Binds a handler's parameter to the caller that <see cref="ApiPermissionRoutes.Requires"/> authenticated.</summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Items[typeof(ApiCaller)] as ApiCaller
            ?? throw new InvalidOperationException("the route takes an ApiCaller but declares no permission (use Requires)");
        return ValueTask.FromResult<ApiCaller?>(caller);
    }
}

/// <summary>
/// API keys: created with permissions and an optional IP allow-list, the secret shown once and
/// kept sealed; requests authenticated in the order of spec §2 (headers, key, signature, then the
/// nonce — recorded only after the signature checks out — then the permission and the address).
/// </summary>
public sealed class ApiKeys(SqlApiKeyStore store, SecretBox secrets)
{
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

    /// <summary>Authenticates a request; on failure returns the error to answer with (401 or 403).</summary>
    public async Task<(ApiCaller? Caller, IResult? Error)> AuthenticateAsync(HttpRequest request, string permission)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keyId = request.Headers["ACCESS-KEY"].FirstOrDefault();
        var nonceText = request.Headers["ACCESS-NONCE"].FirstOrDefault();
        var signature = request.Headers["ACCESS-SIGNATURE"].FirstOrDefault();
        if (keyId is null || signature is null || nonceText is null || nonceText.Length is 0 or > 19 || !nonceText.All(char.IsAsciiDigit)
            || !long.TryParse(nonceText, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce) || nonce <= 0)
        {
            return Fail(InvalidAuthentication);
        }

        var key = store.Find(keyId);
        if (key is null)
        {
            return Fail(InvalidAuthentication);
        }

        if (!key.Enabled)
        {
            return Fail(DisabledKey);
        }

        var secret = Encoding.UTF8.GetString(secrets.Open(key.SecretSealed, Purpose(key.KeyId)));
        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        if (!RequestSignature.Matches(secret, nonceText, RequestedUrl(request), body, signature))
        {
            return Fail(InvalidAuthentication);
        }

        if (!store.AdvanceNonce(key.KeyId, nonce))
        {
            return Fail(StaleNonce);
        }

        if (!key.Permissions.Contains(permission))
        {
            return (null, ApiJson.Error($"this API key lacks the '{permission}' permission", StatusCodes.Status403Forbidden));
        }

        if (key.IpAllowList is { Count: > 0 } allowed && !allowed.Any(a => IPAddress.TryParse(a, out var ip) && ip.Equals(request.HttpContext.Connection.RemoteIpAddress)))
        {
            return (null, ApiJson.Error("this API key may not be used from this address", StatusCodes.Status403Forbidden));
        }

        return (new ApiCaller(key.KeyId, key.UserId, key.Permissions, body), null);
    }

    /// <summary>The absolute URL as the client asked for it: scheme, host and port, raw path and query.</summary>
    public static string RequestedUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        var target = string.IsNullOrEmpty(raw) ? $"{request.PathBase.Value}{request.Path.Value}{request.QueryString.Value}" : raw;
        return $"{request.Scheme}://{request.Host.Value}{target}";
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    private static (ApiCaller?, IResult?) Fail(string message) => (null, ApiJson.Error(message, StatusCodes.Status401Unauthorized));

    private static string Purpose(string keyId) => "api-key:" + keyId;

    private static string RandomText(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
