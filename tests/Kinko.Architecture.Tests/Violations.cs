namespace Kinko.Architecture.Tests;

internal static class Violations
{
    /// <summary>Fails listing every violation, one a line.</summary>
    public static void ShouldBeNone(this IReadOnlyList<string> violations) =>
        violations.ShouldBeEmpty($"{violations.Count} violation(s):\n  " + string.Join("\n  ", violations));
}
