using System.CommandLine;

namespace Kinko.Cli.Commands;

/// <summary>Options several commands share, declared once with their defaults.</summary>
internal static class CommonOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Data folder of the embedded default (SQLite files, key file). Env: KINKO_DATA; kinko.json: data.",
        DefaultValueFactory = _ => ConfigFile.Setting("data", "KINKO_DATA") ?? "data",
    };

    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = "Use PostgreSQL (a connection string) instead of SQLite. Env: KINKO_POSTGRES; kinko.json: postgres.",
        DefaultValueFactory = _ => ConfigFile.Setting("postgres", "KINKO_POSTGRES"),
    };

    /// <summary>An integer option with a default and an allowed range; a value outside it is refused naming the option.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
            {
                result.AddError(max == int.MaxValue
                    ? $"{name} must be at least {min}, got {value}"
                    : $"{name} must be {min}..{max}, got {value}");
            }
        });
        return option;
    }

    /// <summary>A text option that takes one of a few words; anything else is refused naming the option.</summary>
    public static Option<string> OneOf(string name, string description, params string[] allowed)
    {
        var option = new Option<string>(name) { Description = $"{description} ({string.Join(" | ", allowed)})", DefaultValueFactory = _ => allowed[0] };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!allowed.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"{name} must be one of {string.Join(", ", allowed)}, got '{value}'");
            }
        });
        return option;
    }
}
