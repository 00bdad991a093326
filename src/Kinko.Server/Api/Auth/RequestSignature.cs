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

    /// <summary>The signature with a one-off key (a client signing once); see <see cref="Signer"/> to sign or check many.</summary>
    public static string Compute(string secret, string nonce, string url, string body) => Convert.ToHexStringLower(OneOffMac(secret, nonce, url, body));

    /// <summary>Whether <paramref name="signature"/> (hex, any case) is the right one, compared in constant time.</summary>
    public static bool Matches(string secret, string nonce, string url, string body, string? signature) =>
        TryParse(signature, out var given) && CryptographicOperations.FixedTimeEquals(OneOffMac(secret, nonce, url, body), given);

    /// <summary>
    /// One key's HMAC, kept between its requests: OpenSSL then looks the algorithm up and sets the key
    /// once per key instead of once per request (the server keeps one per known key, a client one per account).
    /// </summary>
    public sealed class Signer
    {
        private readonly IncrementalHash _hmac;
        private readonly Lock _lock = new();

        public Signer(string secret)
            : this(Encoding.UTF8.GetBytes(secret ?? throw new ArgumentNullException(nameof(secret))), zeroKey: true)
        {
        }

        /// <param name="key">The secret in UTF-8; with <paramref name="zeroKey"/>, overwritten with zeros once the HMAC holds it.</param>
        public Signer(byte[] key, bool zeroKey)
        {
            ArgumentNullException.ThrowIfNull(key);
            try
            {
                _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            }
            finally
            {
                if (zeroKey)
                {
                    CryptographicOperations.ZeroMemory(key);
                }
            }
        }

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
            if (!TryParse(signature, out var given))
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

    private static byte[] OneOffMac(string secret, string nonce, string url, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var message = Message(nonce, url, body, out var length);
        var key = Encoding.UTF8.GetBytes(secret);
        try
        {
            return HMACSHA256.HashData(key, message.AsSpan(0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    /// <summary>A signature's bytes: exactly 64 hex digits, in any case.</summary>
    private static bool TryParse(string? signature, out byte[] mac)
    {
        mac = new byte[MacBytes];
        return signature is not null && signature.Length == 2 * MacBytes
            && Convert.FromHexString(signature, mac, out _, out var written) == OperationStatus.Done && written == MacBytes;
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
