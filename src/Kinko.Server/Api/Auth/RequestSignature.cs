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

    public static string Compute(string secret, string nonce, string url, string body) => new Signer(secret).Compute(nonce, url, body);

    /// <summary>Whether <paramref name="signature"/> (hex, any case) is the right one, compared in constant time.</summary>
    public static bool Matches(string secret, string nonce, string url, string body, string? signature) =>
        new Signer(secret).Matches(nonce, url, body, signature);

    /// <summary>
    /// One key's HMAC, kept between its requests: OpenSSL then looks the algorithm up and sets the key
    /// once per key instead of once per request (the server keeps one per known key, a client one per account).
    /// </summary>
    public sealed class Signer(string secret)
    {
        private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        private readonly Lock _lock = new();

        /// <summary>The signature, in lowercase hex.</summary>
        public string Compute(string nonce, string url, string body)
        {
            Span<byte> mac = stackalloc byte[MacBytes];
            Mac(nonce, url, body, mac);
            return Convert.ToHexStringLower(mac);
        }

        /// <summary>Whether <paramref name="signature"/> (hex, any case) is the right one, compared in constant time.</summary>
        public bool Matches(string nonce, string url, string body, string? signature)
        {
            Span<byte> given = stackalloc byte[MacBytes];
            if (signature is null || signature.Length != 2 * MacBytes
                || Convert.FromHexString(signature, given, out _, out var written) != OperationStatus.Done || written != MacBytes)
            {
                return false;
            }

            Span<byte> expected = stackalloc byte[MacBytes];
            Mac(nonce, url, body, expected);
            return CryptographicOperations.FixedTimeEquals(expected, given);
        }

        private void Mac(string nonce, string url, string body, Span<byte> destination)
        {
            var message = Message(nonce, url, body, out var length);
            try
            {
                lock (_lock)
                {
                    _hmac.AppendData(message, 0, length);
                    _hmac.GetHashAndReset(destination);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(message);
            }
        }
    }

    /// <summary>The signed message in UTF-8, in a pooled buffer the caller returns.</summary>
    private static byte[] Message(string nonce, string url, string body, out int length)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        var utf8 = Encoding.UTF8;
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.GetMaxByteCount(nonce.Length + url.Length + body.Length));
        length = utf8.GetBytes(nonce, buffer);
        length += utf8.GetBytes(url, buffer.AsSpan(length));
        length += utf8.GetBytes(body, buffer.AsSpan(length));
        return buffer;
    }
}
