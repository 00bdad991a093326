namespace Kinko.Trading.Matching;

/// <summary>
/// A market's rules in the engine's units: lots, ticks and quote minor units; fee rates and the
/// price band in parts per million.
/// </summary>
public sealed record MatchingRules(
    long MinLots,
    long NotionalPerTickLot,
    long MakerFeePpm,
    long TakerFeePpm,
    long PriceBandPpm,
    bool SelfTradePrevention,
    int MaxRestingOrders = MatchingRules.DefaultMaxRestingOrders,
    int MaxStopOrders = MatchingRules.DefaultMaxStopOrders)
{
    public const int DefaultMaxRestingOrders = 4_000_000;
    public const int DefaultMaxStopOrders = 100_000;

    /// <summary>Plain rules for tests and the workload benchmark: one lot minimum, no fees, no band, no self-trade prevention.</summary>
    public static MatchingRules Plain { get; } = new(1, 1, 0, 0, 0, false);
}
