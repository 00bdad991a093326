namespace Kinko.Server.Accounts;

/// <summary>
/// An email address as accounts use it: checked for a plausible shape (one <c>@</c>, a local part, a
/// dotted domain of letters, digits and hyphens, no spaces) and keyed case-insensitively.
/// </summary>
public static class EmailAddress
{
    /// <summary>Longest address accepted (RFC 5321's path limit less the angle brackets).</summary>
    public const int MaxLength = 254;

    public const int MaxLocalPartLength = 64;

    /// <summary>The address as given (trimmed) and its key (lower-cased), or an <see cref="AccountException"/> naming <paramref name="field"/>.</summary>
    public static (string Email, string Key) Parse(string? text, string field = "email")
    {
        var email = text?.Trim() ?? "";
        if (email.Length == 0)
        {
            throw new AccountException(field, "is required");
        }

        if (Problem(email) is { } problem)
        {
            throw new AccountException(field, $"'{Shorten(email)}' is not a valid email address: {problem}");
        }

        return (email, email.ToLowerInvariant());
    }

    private static string? Problem(string email)
    {
        if (email.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != email.LastIndexOf('@'))
        {
            return "it needs exactly one '@'";
        }

        var local = email[..at];
        var domain = email[(at + 1)..];
        if (local.Length is 0 or > MaxLocalPartLength || local.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || "\"(),:;<>[\\]".Contains(c, StringComparison.Ordinal)))
        {
            return "the part before '@' is empty, too long or has characters an address cannot have";
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l[0] == '-' || l[^1] == '-' || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return "the domain must be dotted names of letters, digits and hyphens";
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
