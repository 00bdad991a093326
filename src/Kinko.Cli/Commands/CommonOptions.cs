using System.CommandLine;

namespace Kinko.Cli.Commands;

/// <summary>Options several commands share, declared once with their defaults.</summary>
internal static class CommonOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Data folder of the embedded default (SQLite files, key file). Env: KINKO_DATA.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KINKO_DATA") ?? "data",
    };

    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = "Use PostgreSQL (a connection string) instead of SQLite. Env: KINKO_POSTGRES.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KINKO_POSTGRES"),
    };
}
