namespace Kinko.TestSupport;

/// <summary>
/// Finds the PostgreSQL server tools: <c>$KINKO_PG_BIN</c> if set, else the highest version under
/// <c>/usr/lib/postgresql/*/bin</c> (Debian's layout, not on PATH), else <c>initdb</c> on PATH.
/// </summary>
public static class PostgresBinaries
{
    public const string OverrideVariable = "KINKO_PG_BIN";
    private const string DebianRoot = "/usr/lib/postgresql";

    public static string FindBinDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return HasInitdb(overridden)
                ? overridden
                : throw new InvalidOperationException($"{OverrideVariable}={overridden} does not contain initdb");
        }

        return FindDebianBinDirectory()
            ?? FindOnPath()
            ?? throw new InvalidOperationException(
                $"PostgreSQL's initdb was not found under {DebianRoot}/*/bin nor on PATH; "
                + "install it (apt-get install postgresql) or set " + OverrideVariable);
    }

    private static string? FindDebianBinDirectory()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(DebianRoot)
            .Select(directory => (Directory: directory, Version: ParseVersion(Path.GetFileName(directory))))
            .Where(candidate => candidate.Version is not null)
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => Path.Combine(candidate.Directory, "bin"))
            .FirstOrDefault(HasInitdb);
    }

    private static string? FindOnPath()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasInitdb);
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version)
            ? version
            : null;

    private static bool HasInitdb(string directory) => File.Exists(Path.Combine(directory, "initdb"));
}
