using System.Security.Cryptography;
using System.Text;
using Kinko.Storage;

namespace Kinko.Server.Accounts;

/// <summary>
/// Sessions: a random 256-bit token handed to the client (a cookie for users, a bearer token for
/// operators); the server keeps only its SHA-256 and an expiry.
/// </summary>
public sealed class Sessions(SqlSessionStore store, TimeProvider time)
{
    public const string CookieName = "kinko_session";

    public const int TokenBytes = 32;

    public static readonly TimeSpan UserLifetime = TimeSpan.FromHours(12);

    public static readonly TimeSpan OperatorLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// Starts a session for a principal who has just logged in (as <see cref="Principals.LoginAsync"/>
    /// returned it). A password change since the password was checked ends the login as it ended the
    /// principal's other sessions: the same 401 as a wrong password, and no session.
    /// </summary>
    public (string Token, DateTimeOffset ExpiresAt) Start(StoredPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var token = NewToken();
        var now = time.GetUtcNow();
        var expiresAt = now + (principal.Kind == PrincipalKind.Operator ? OperatorLifetime : UserLifetime);
        if (!store.Insert(Hash(token), principal.Kind, principal.Id, principal.PasswordHash, LockoutPolicy.ToMicroseconds(now), LockoutPolicy.ToMicroseconds(expiresAt)))
        {
            throw new AccountException("password", Principals.WrongCredentials, Microsoft.AspNetCore.Http.StatusCodes.Status401Unauthorized);
        }

        return (token, expiresAt);
    }

    /// <summary>The principal a live session of <paramref name="kind"/> belongs to; null for no, an unknown or an expired token.</summary>
    public long? Resolve(string? token, PrincipalKind kind) =>
        string.IsNullOrEmpty(token) || token.Length > 128 ? null : store.Find(Hash(token), kind, LockoutPolicy.ToMicroseconds(time.GetUtcNow()));

    public bool End(string token) => store.Delete(Hash(token), LockoutPolicy.ToMicroseconds(time.GetUtcNow()));

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
