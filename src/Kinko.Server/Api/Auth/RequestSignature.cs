using System.Buffers;
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
    private const int MacBytes = HMACSHA256.HashSizeInBytes;

    public static string Compute(string secret, string nonce, string url, string body)
    {
        Span<byte> mac = stackalloc byte[MacBytes];
        Mac(secret, nonce, url, body, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether <paramref name="signature"/> (hex, any case) is the right one, compared in constant time.</summary>
    public static bool Matches(string secret, string nonce, string url, string body, string? signature)
    {
        Span<byte> given = stackalloc byte[MacBytes];
        if (signature is null || signature.Length != 2 * MacBytes
            || Convert.FromHexString(signature, given, out _, out var written) != OperationStatus.Done || written != MacBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(secret, nonce, url, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The MAC into <paramref name="destination"/>, the UTF-8 key and message encoded into one pooled buffer.</summary>
    private static void Mac(string secret, string nonce, string url, string body, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        var utf8 = Encoding.UTF8;
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.GetMaxByteCount(secret.Length + nonce.Length + url.Length + body.Length));
        try
        {
            var keyLength = utf8.GetBytes(secret, buffer);
            var messageLength = utf8.GetBytes(nonce, buffer.AsSpan(keyLength));
            messageLength += utf8.GetBytes(url, buffer.AsSpan(keyLength + messageLength));
            messageLength += utf8.GetBytes(body, buffer.AsSpan(keyLength + messageLength));
            HMACSHA256.HashData(buffer.AsSpan(0, keyLength), buffer.AsSpan(keyLength, messageLength), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
