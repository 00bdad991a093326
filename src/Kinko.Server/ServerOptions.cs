using Kinko.Primitives;
using Kinko.Trading.Markets;

namespace Kinko.Server;

/// <summary>How <c>kinko serve</c> runs. Every option has a default and is validated at start.</summary>
public sealed record ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>Data folder for the embedded default (SQLite, key file, server address).</summary>
    public string DataFolder { get; init; } = "data";

    /// <summary>When set, the ledger lives in PostgreSQL instead of SQLite.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Where to listen; loopback by default.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The markets to run (kinko.json: markets). A new one opens at start; a changed one takes its new rules for new orders.</summary>
    public IReadOnlyList<MarketSpec> Markets { get; init; } = MarketCatalog.Defaults;

    /// <summary>Rate limits per account and tier (kinko.json: rateLimits).</summary>
    public Api.Limits.RateLimitOptions RateLimits { get; init; } = new();

    /// <summary>When set, a demo market maker keeps a book on every market and a demo trader can log in (<c>kinko serve --demo</c>).</summary>
    public Workers.DemoOptions? Demo { get; init; }

    /// <summary>Throws with a message naming the setting when an option is unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataFolder))
        {
            throw new ArgumentException("--data (KINKO_DATA) must name a folder");
        }

        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                throw new ArgumentException($"--urls (KINKO_URLS): '{url}' is not an http(s) URL");
            }
        }

        if (PostgresConnectionString is { Length: 0 })
        {
            throw new ArgumentException("--postgres (KINKO_POSTGRES) is empty");
        }

        RateLimits.Validate();
        Demo?.Validate();
        var marketErrors = MarketCatalog.Validate(Markets, AssetRegistry.Default, out _);
        if (marketErrors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, marketErrors));
        }
    }
}
