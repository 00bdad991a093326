using System.Security.Cryptography;
using System.Text;

namespace Kinko.Server.Api.Auth;

/// <summary>
/// Coincheck's request signature (spec §2): lowercase hex of HMAC-SHA256 over
/// <c>nonce + url + body</c>, keyed with the API secret (all UTF-8), where <c>url</c> is the absolute
/// URL the client requested and <c>body</c> the raw body.
/// </summary>
public static class RequestSignature
{
    public static string Compute(string secret, string nonce, string url, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(nonce + url + body));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether <paramref name="signature"/> (hex, any case) is the right one, compared in constant time.</summary>
    public static bool Matches(string secret, string nonce, string url, string body, string? signature)
    {
        if (signature is null || signature.Length != 64)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, nonce, url, body));
        var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
