using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Kinko.Secrets;

/// <summary>
/// Time-based one-time passwords as RFC 6238 defines them with its defaults: HMAC-SHA-1 over the
/// count of 30-second steps since the Unix epoch, dynamically truncated (RFC 4226 §5.3) to 6 digits.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>Bytes of a new secret: 160 bits, the HMAC-SHA-1 block RFC 4226 recommends.</summary>
    public const int SecretSize = 20;

    /// <summary>Steps before and after the current one a code is still accepted in, for clock drift.</summary>
    public const int AcceptedDriftSteps = 1;

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretSize);

    /// <summary>The step <paramref name="at"/> falls in.</summary>
    public static long Step(DateTimeOffset at) => Math.DivRem(at.ToUnixTimeSeconds(), StepSeconds, out var remainder) - (remainder < 0 ? 1 : 0);

    /// <summary>The code for <paramref name="step"/>, zero-padded to <paramref name="digits"/> (6 to 8) digits.</summary>
    public static string Code(ReadOnlySpan<byte> secret, long step, int digits = Digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 8);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, mac);
        var offset = mac[^1] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac.Slice(offset, 4)) & 0x7fffffff;
        var modulus = (int)Math.Pow(10, digits);
        return (binary % modulus).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>
    /// The step whose code <paramref name="code"/> is, within <see cref="AcceptedDriftSteps"/> of
    /// <paramref name="at"/> and later than <paramref name="lastUsedStep"/> (a code works once); else null.
    /// Every candidate is compared in constant time.
    /// </summary>
    public static long? Match(ReadOnlySpan<byte> secret, string? code, DateTimeOffset at, long lastUsedStep)
    {
        if (code is null || code.Length != Digits || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var now = Step(at);
        long? found = null;
        for (var step = now - AcceptedDriftSteps; step <= now + AcceptedDriftSteps; step++)
        {
            var expected = Code(secret, step);
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(code))
                && step > lastUsedStep && found is null)
            {
                found = step;
            }
        }

        return found;
    }

    /// <summary>The <c>otpauth://totp/…</c> URI authenticator apps read (usually from a QR code).</summary>
    public static string OtpAuthUri(string issuer, string account, ReadOnlySpan<byte> secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}" +
        $"?secret={Base32.Encode(secret)}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
}
