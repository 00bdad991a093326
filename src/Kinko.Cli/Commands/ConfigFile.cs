using System.Text.Json;

namespace Kinko.Cli.Commands;

/// <summary>
/// <c>kinko.json</c> in the current folder (or the file named by <c>KINKO_CONFIG</c>): the lowest layer
/// of configuration, under <c>KINKO_*</c> variables and flags. Keys: <c>data</c>, <c>urls</c>,
/// <c>postgres</c> (strings), <c>demo</c> (true or false), <c>markets</c> (see <see cref="MarketsConfig"/>) and <c>rateLimits</c> (see <see cref="RateLimitsConfig"/>). An unknown key or a
/// malformed file stops the command with a message naming it.
/// </summary>
internal static class ConfigFile
{
    public const string DefaultName = "kinko.json";

    private static readonly string[] Keys = ["data", "urls", "postgres", "demo", "markets", "rateLimits"];
    private static readonly Lazy<Contents> Values = new(Load);

    /// <summary>Reads the file now, so that a bad one stops the command before anything runs.</summary>
    public static void Check() => _ = Values.Value;

    /// <summary>The markets the file configures, or null when it names none (the defaults apply).</summary>
    public static IReadOnlyList<Kinko.Trading.Markets.MarketSpec>? Markets => Values.Value.Markets;

    /// <summary>The rate limits the file configures, or null when it names none (the defaults apply).</summary>
    public static Kinko.Server.Api.Limits.RateLimitOptions? RateLimits => Values.Value.RateLimits;

    /// <summary>The setting from the environment variable, else from the file, else null.</summary>
    public static string? Setting(string key, string environmentVariable) =>
        Environment.GetEnvironmentVariable(environmentVariable) ?? Values.Value.Strings.GetValueOrDefault(key);

    /// <summary>A yes/no setting from the environment variable or the file: null when unset, else true or false, or an error naming it.</summary>
    public static bool? Flag(string key, string environmentVariable)
    {
        var text = Setting(key, environmentVariable)?.Trim().ToLowerInvariant();
        return text switch
        {
            null => null,
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" or "" => false,
            _ => throw new ConfigurationException($"{environmentVariable} (kinko.json: {key}) must be true or false, not '{text}'"),
        };
    }

    private static Contents Load()
    {
        var path = Environment.GetEnvironmentVariable("KINKO_CONFIG") ?? DefaultName;
        if (!File.Exists(path))
        {
            return Environment.GetEnvironmentVariable("KINKO_CONFIG") is null
                ? new Contents(new Dictionary<string, string>(), null, null)
                : throw new ConfigurationException($"KINKO_CONFIG names {path}, which does not exist");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{path} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException($"{path} must hold a JSON object");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            IReadOnlyList<Kinko.Trading.Markets.MarketSpec>? markets = null;
            Kinko.Server.Api.Limits.RateLimitOptions? rateLimits = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!Keys.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new ConfigurationException($"{path}: unknown setting '{property.Name}' (known: {string.Join(", ", Keys)})");
                }

                if (property.Name == "markets")
                {
                    markets = MarketsConfig.Parse(property.Value, path);
                    continue;
                }

                if (property.Name == "rateLimits")
                {
                    rateLimits = RateLimitsConfig.Parse(property.Value, path);
                    continue;
                }

                if (property.Name == "demo" && property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.True ? "true" : "false";
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw new ConfigurationException($"{path}: setting '{property.Name}' must be a string");
                }

                values[property.Name] = property.Value.GetString()!;
            }

            return new Contents(values, markets, rateLimits);
        }
    }

    private sealed record Contents(
        IReadOnlyDictionary<string, string> Strings,
        IReadOnlyList<Kinko.Trading.Markets.MarketSpec>? Markets,
        Kinko.Server.Api.Limits.RateLimitOptions? RateLimits);
}

/// <summary>A configuration file or setting Kinko cannot use; the message names it.</summary>
internal sealed class ConfigurationException(string message) : Exception(message);
