namespace Kinko.Server.Api.Limits;

/// <summary>One tier's limits, per account, in requests per second (a bucket that holds one second's worth).</summary>
public sealed record RateTier(double OrdersPerSecond, double OrderDetailsPerSecond, double RequestsPerSecond);

/// <summary>
/// Rate limits per account with tiers (kinko.json: <c>rateLimits</c>). Every account is in
/// <see cref="DefaultTier"/> unless <see cref="Accounts"/> puts it in another, such as the
/// market-maker tier.
/// </summary>
public sealed record RateLimitOptions
{
    public const string DefaultTier = "default";
    public const string MarketMakerTier = "market_maker";

    /// <summary>Coincheck's limits: 4 new orders a second, 1 order detail a second; and 20 private requests a second in all.</summary>
    public static readonly RateTier CoincheckLimits = new(4, 1, 20);

    public IReadOnlyDictionary<string, RateTier> Tiers { get; init; } = new Dictionary<string, RateTier>(StringComparer.Ordinal)
    {
        [DefaultTier] = CoincheckLimits,
        [MarketMakerTier] = new(50_000, 1_000, 100_000),
    };

    /// <summary>Accounts (user ids) outside the default tier, with their tier.</summary>
    public IReadOnlyDictionary<long, string> Accounts { get; init; } = new Dictionary<long, string>();

    /// <summary>Throws with a message naming the setting when a tier is unusable.</summary>
    public void Validate()
    {
        if (!Tiers.ContainsKey(DefaultTier))
        {
            throw new ArgumentException($"rateLimits.tiers must define '{DefaultTier}'");
        }

        foreach (var (name, tier) in Tiers)
        {
            foreach (var (setting, value) in new[] { ("ordersPerSecond", tier.OrdersPerSecond), ("orderDetailsPerSecond", tier.OrderDetailsPerSecond), ("requestsPerSecond", tier.RequestsPerSecond) })
            {
                if (!double.IsFinite(value) || value <= 0)
                {
                    throw new ArgumentException($"rateLimits.tiers.{name}.{setting} must be a number above 0");
                }
            }
        }

        foreach (var (account, tier) in Accounts)
        {
            if (!Tiers.ContainsKey(tier))
            {
                throw new ArgumentException($"rateLimits.accounts.{account}: no tier '{tier}'");
            }
        }
    }
}
