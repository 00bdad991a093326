using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Kinko.Secrets;

/// <summary>The outcome of checking a password against a stored hash.</summary>
/// <param name="Valid">The password is the one the hash was made from.</param>
/// <param name="NeedsRehash">Valid, but hashed with other parameters than today's: hash it again and store that.</param>
public readonly record struct PasswordCheck(bool Valid, bool NeedsRehash);

/// <summary>
/// Password hashes with Argon2id (NSec / libsodium), a random 16-byte salt per hash, and the parameters
/// written into the hash itself, so they can be raised later without invalidating stored hashes:
/// <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;passes&gt;,p=1$&lt;salt base64&gt;$&lt;hash base64&gt;</c>.
/// Hashes are compared in constant time. Safe to share between threads.
/// </summary>
public sealed class PasswordHasher(Argon2Settings settings)
{
    public const int SaltSize = 16;
    public const int HashSize = 32;

    /// <summary>Longest password accepted, in UTF-8 bytes (a limit, so that hashing cost stays bounded).</summary>
    public const int MaxPasswordBytes = 1024;

    private const string Prefix = "$argon2id$v=19$";

    /// <summary>Hashing with today's parameters: a hash made with other ones is reported as needing a rehash.</summary>
    public Argon2Settings Settings { get; } = Check(settings);

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Derive(password, salt, Settings);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}m={Settings.MemoryKiB},t={Settings.Passes},p=1${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Checks <paramref name="password"/>; a malformed stored hash is an error, not a wrong password.</summary>
    public PasswordCheck Verify(string password, string stored)
    {
        var (used, salt, expected) = Parse(stored);
        var actual = Derive(password, salt, used);
        var valid = CryptographicOperations.FixedTimeEquals(actual, expected);
        return new PasswordCheck(valid, valid && used != Settings);
    }

    private static (Argon2Settings Settings, byte[] Salt, byte[] Hash) Parse(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.StartsWith(Prefix, StringComparison.Ordinal) ? stored[Prefix.Length..].Split('$') : [];
        var costs = parts.Length == 3 ? parts[0].Split(',') : [];
        if (costs.Length != 3 || costs[2] != "p=1"
            || !TryCost(costs[0], "m=", out var memory) || !TryCost(costs[1], "t=", out var passes))
        {
            throw new FormatException("the stored password hash is not an Argon2id hash Kinko wrote");
        }

        var used = new Argon2Settings(memory, passes);
        if (used.Problem() is { } problem)
        {
            throw new FormatException($"the stored password hash has unusable parameters: {problem}");
        }

        return (used, Convert.FromBase64String(parts[1]), Convert.FromBase64String(parts[2]));
    }

    private static bool TryCost(string text, string name, out long value)
    {
        value = 0;
        return text.StartsWith(name, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static byte[] Derive(string password, ReadOnlySpan<byte> salt, Argon2Settings settings)
    {
        ArgumentNullException.ThrowIfNull(password);
        var byteCount = Encoding.UTF8.GetByteCount(password);
        if (byteCount > MaxPasswordBytes)
        {
            throw new ArgumentException($"a password is at most {MaxPasswordBytes} bytes", nameof(password));
        }

        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = settings.MemoryKiB,
            NumberOfPasses = settings.Passes,
        });
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return algorithm.DeriveBytes(bytes, salt, HashSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static Argon2Settings Check(Argon2Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Problem() is { } problem ? throw new ArgumentOutOfRangeException(nameof(settings), $"Unusable Argon2id settings: {problem}.") : settings;
    }
}
