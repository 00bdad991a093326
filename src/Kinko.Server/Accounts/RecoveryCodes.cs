using System.Security.Cryptography;
using System.Text;
using Kinko.Storage;

namespace Kinko.Server.Accounts;

/// <summary>
/// Two-factor recovery codes: <see cref="Count"/> random codes such as <c>k7m2p-x9q4t</c> (50 bits
/// each), shown once; only the SHA-256 of each is stored. A code is typed in the <c>totp</c> field
/// at login, in place of the authenticator's six digits, and works once.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    /// <summary>Letters and digits a person reads back without confusing them (no 0/o, 1/l/i).</summary>
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    private const int Length = 10;

    public static IReadOnlyList<string> New() =>
        [.. Enumerable.Range(0, Count).Select(_ => Format(RandomNumberGenerator.GetString(Alphabet, Length)))];

    /// <summary>Whether <paramref name="text"/> has a recovery code's shape (any case, with or without the dash and spaces).</summary>
    public static bool LooksLikeOne(string? text) => Normalize(text) is { Length: Length } normalized && normalized.All(Alphabet.Contains);

    /// <summary>
    /// The stored form: SHA-256 of the principal and the normalized code, lowercase hex. With the
    /// principal in it, one pass over the 2^50 codes cracks one principal's codes, not everyone's.
    /// </summary>
    public static string Hash(StoredPrincipal principal, string code)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"{(int)principal.Kind}:{principal.Id}:{Normalize(code)}")));
    }

    private static string Normalize(string? text) =>
        text is null ? "" : new string([.. text.Where(c => c is not ('-' or ' ')).Select(char.ToLowerInvariant)]);

    private static string Format(string code) => $"{code[..5]}-{code[5..]}";
}
