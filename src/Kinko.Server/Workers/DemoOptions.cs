namespace Kinko.Server.Workers;

/// <summary>
/// How the demo market maker of <c>kinko serve --demo</c> runs. Every number is a named limit with its
/// default; <see cref="Validate"/> names the setting that is wrong.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>Time between two quoting rounds (each round visits every market once).</summary>
    public int IntervalMilliseconds { get; init; } = 1_000;

    /// <summary>Seed of the price walks, order sizes and taker trades (the same seed, the same choices).</summary>
    public int Seed { get; init; } = 20_180_126;

    /// <summary>Orders the maker keeps on each side of each market.</summary>
    public int LevelsPerSide { get; init; } = 10;

    /// <summary>Distance between two levels, in parts per million of the starting price (500 = 0.05 %).</summary>
    public int LevelStepPpm { get; init; } = 500;

    /// <summary>Standard deviation of the reference price's move per round, in parts per million.</summary>
    public int VolatilityPpm { get; init; } = 100;

    /// <summary>Chance, in percent, that a market gets a small taker trade in a round.</summary>
    public int TakerChancePercent { get; init; } = 8;

    /// <summary>Most commands the maker sends to the sequencer in one round, over all markets.</summary>
    public int MaxCommandsPerRound { get; init; } = 128;

    /// <summary>Typical notional of one maker order near the spread, in whole JPY (deeper levels are larger).</summary>
    public long LevelNotionalJpy { get; init; } = 50_000;

    /// <summary>What the maker and the taker bot start with in each coin, valued in whole JPY, and in JPY per market.</summary>
    public long BotFundingJpy { get; init; } = 20_000_000;

    /// <summary>What the demo trader starts with in JPY, and in each coin valued in JPY.</summary>
    public long TraderFundingJpy { get; init; } = 1_000_000;

    /// <summary>Throws with a message naming the setting when an option is unusable.</summary>
    public void Validate()
    {
        Require(IntervalMilliseconds is >= 10 and <= 3_600_000, "demo.intervalMilliseconds", "from 10 to 3,600,000");
        Require(LevelsPerSide is >= 1 and <= 50, "demo.levelsPerSide", "from 1 to 50");
        Require(LevelStepPpm is >= 10 and <= 5_000, "demo.levelStepPpm", "from 10 to 5,000 (0.001 % to 0.5 %)");
        Require(VolatilityPpm is >= 0 and <= 5_000, "demo.volatilityPpm", "from 0 to 5,000");
        Require(TakerChancePercent is >= 0 and <= 100, "demo.takerChancePercent", "from 0 to 100");
        Require(MaxCommandsPerRound is >= 1 and <= 10_000, "demo.maxCommandsPerRound", "from 1 to 10,000");
        Require(LevelNotionalJpy is >= 1 and <= 1_000_000_000, "demo.levelNotionalJpy", "from 1 to 1,000,000,000");
        Require(BotFundingJpy is >= 1 and <= 1_000_000_000_000, "demo.botFundingJpy", "from 1 to 1,000,000,000,000");
        Require(TraderFundingJpy is >= 1 and <= 1_000_000_000_000, "demo.traderFundingJpy", "from 1 to 1,000,000,000,000");
    }

    private static void Require(bool condition, string setting, string range)
    {
        if (!condition)
        {
            throw new ArgumentException($"{setting} must be {range}");
        }
    }
}
