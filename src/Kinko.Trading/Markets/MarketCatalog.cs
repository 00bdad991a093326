using System.Globalization;
using System.Text.RegularExpressions;
using Kinko.Primitives;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Markets;

/// <summary>The markets an exchange runs: the defaults, and validation of configured specs.</summary>
public static partial class MarketCatalog
{
    /// <summary>The six JPY markets of Coincheck, with steps that keep every notional a whole number of 0.0001 JPY.</summary>
    public static IReadOnlyList<MarketSpec> Defaults { get; } =
    [
        new("btc_jpy", 1m, 0.0001m, 0.001m, -0.0001m, 0.0005m, 0.1m, true),
        new("eth_jpy", 1m, 0.0001m, 0.001m, 0m, 0.001m, 0.1m, true),
        new("ltc_jpy", 1m, 0.0001m, 0.001m, 0m, 0.001m, 0.1m, true),
        new("etc_jpy", 0.1m, 0.001m, 0.01m, 0m, 0.001m, 0.1m, true),
        new("mona_jpy", 0.001m, 0.1m, 1m, 0m, 0.001m, 0.1m, true),
        new("xem_jpy", 0.0001m, 1m, 10m, 0m, 0.001m, 0.1m, true),
    ];

    /// <summary>Validates every spec; each error names the market and the setting (<c>markets[btc_jpy].tickSize: …</c>).</summary>
    public static IReadOnlyList<string> Validate(IEnumerable<MarketSpec> specs, AssetRegistry assets, out IReadOnlyList<Market> markets)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(assets);
        var errors = new List<string>();
        var valid = new List<Market>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var before = errors.Count;
            var market = Check(spec, assets, (setting, message) => errors.Add($"markets[{spec.Pair}].{setting}: {message}"));
            if (!seen.Add(spec.Pair))
            {
                errors.Add($"markets[{spec.Pair}]: the pair is configured twice");
            }

            if (market is not null && errors.Count == before)
            {
                valid.Add(market);
            }
        }

        markets = valid;
        return errors;
    }

    /// <summary>Validates the specs or throws with every error, one per line.</summary>
    public static IReadOnlyList<Market> Build(IEnumerable<MarketSpec> specs, AssetRegistry assets)
    {
        var errors = Validate(specs, assets, out var markets);
        return errors.Count == 0 ? markets : throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(specs));
    }

    private static Market? Check(MarketSpec spec, AssetRegistry assets, Action<string, string> error)
    {
        var match = spec.Pair is null ? null : PairPattern().Match(spec.Pair);
        if (match is null || !match.Success)
        {
            error("pair", "must be base_quote in lower case letters, such as btc_jpy");
            return null;
        }

        var ok = true;
        if (!assets.TryGet(match.Groups[1].Value, out var baseAsset))
        {
            error("pair", $"the base asset {match.Groups[1].Value.ToUpperInvariant()} is not a configured asset");
            ok = false;
        }

        if (!assets.TryGet(match.Groups[2].Value, out var quoteAsset))
        {
            error("pair", $"the quote asset {match.Groups[2].Value.ToUpperInvariant()} is not a configured asset");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        var lotMinor = WholeMinorUnits(spec.LotSize, baseAsset.Scale);
        var notionalMinor = WholeMinorUnits(spec.TickSize * spec.LotSize, quoteAsset.Scale);
        ok &= Require(spec.TickSize > 0, "tickSize", "must be greater than zero", error);
        ok &= Require(spec.LotSize > 0 && lotMinor is not null, "lotSize", $"must be a positive whole number of {baseAsset.Code} minor units (0.{new string('0', Math.Max(0, baseAsset.Scale - 1))}1)", error);
        ok &= Require(spec.TickSize <= 0 || spec.LotSize <= 0 || notionalMinor is not null, "tickSize",
            $"tickSize × lotSize ({(spec.TickSize * spec.LotSize).ToString(CultureInfo.InvariantCulture)}) must be a whole number of {quoteAsset.Code} minor units, so that every notional is exact", error);
        var minLots = spec.LotSize > 0 ? spec.MinAmount / spec.LotSize : 0;
        ok &= Require(spec.MinAmount > 0 && minLots == decimal.Truncate(minLots), "minAmount", "must be a positive multiple of lotSize", error);
        var takerPpm = PartsPerMillion(spec.TakerFeeRate);
        var makerPpm = PartsPerMillion(spec.MakerFeeRate);
        var bandPpm = PartsPerMillion(spec.PriceBand);
        ok &= Require(takerPpm is >= 0 and < FeeMath.PartsPerMillion, "takerFeeRate", "must be a fraction from 0 up to (not including) 1, in steps of 0.000001", error);
        ok &= Require(makerPpm is not null && takerPpm is not null && makerPpm <= takerPpm && -makerPpm <= takerPpm, "makerFeeRate",
            "must be in steps of 0.000001, at most takerFeeRate, and a rebate no larger than takerFeeRate (so the exchange never pays out more than it takes)", error);
        ok &= Require(bandPpm is >= 0 and < FeeMath.PartsPerMillion, "priceBand", "must be 0 (no band) or a fraction below 1, in steps of 0.000001", error);
        if (!ok)
        {
            return null;
        }

        var rules = new MatchingRules((long)minLots, notionalMinor!.Value, makerPpm!.Value, takerPpm!.Value, bandPpm!.Value, spec.SelfTradePrevention);
        return new Market(spec, baseAsset, quoteAsset, lotMinor!.Value, rules);
    }

    private static bool Require(bool condition, string setting, string message, Action<string, string> error)
    {
        if (!condition)
        {
            error(setting, message);
        }

        return condition;
    }

    private static long? WholeMinorUnits(decimal value, int scale)
    {
        var minor = value * Pow10(scale);
        return minor >= 1 && minor == decimal.Truncate(minor) && minor <= long.MaxValue ? (long)minor : null;
    }

    private static long? PartsPerMillion(decimal fraction)
    {
        var ppm = fraction * FeeMath.PartsPerMillion;
        return ppm == decimal.Truncate(ppm) && Math.Abs(ppm) <= FeeMath.PartsPerMillion ? (long)ppm : null;
    }

    private static decimal Pow10(int scale)
    {
        var result = 1m;
        for (var i = 0; i < scale; i++)
        {
            result *= 10;
        }

        return result;
    }

    [GeneratedRegex("^([a-z0-9]{2,10})_([a-z0-9]{2,10})$")]
    private static partial Regex PairPattern();
}
