using System.Globalization;
using System.Text.Json;
using Kinko.Primitives;
using Kinko.Trading.Markets;

namespace Kinko.Cli.Commands;

/// <summary>
/// The <c>markets</c> setting of kinko.json: an array of objects with <c>pair</c>, <c>tickSize</c>,
/// <c>lotSize</c>, <c>minAmount</c>, <c>makerFeeRate</c>, <c>takerFeeRate</c>, <c>priceBand</c> (decimal
/// numbers or strings) and <c>selfTradePrevention</c> (true or false). Every error names the market and
/// the setting.
/// </summary>
internal static class MarketsConfig
{
    private static readonly string[] Decimals = ["tickSize", "lotSize", "minAmount", "makerFeeRate", "takerFeeRate", "priceBand"];

    public static IReadOnlyList<MarketSpec> Parse(JsonElement markets, string path)
    {
        if (markets.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigurationException($"{path}: setting 'markets' must be an array of markets");
        }

        var specs = new List<MarketSpec>();
        var index = 0;
        foreach (var market in markets.EnumerateArray())
        {
            specs.Add(ParseOne(market, $"{path}: markets[{index++}]"));
        }

        var errors = MarketCatalog.Validate(specs, AssetRegistry.Default, out _);
        return errors.Count == 0 ? specs : throw new ConfigurationException($"{path}: {string.Join("; ", errors)}");
    }

    private static MarketSpec ParseOne(JsonElement market, string where)
    {
        if (market.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException($"{where} must be an object");
        }

        var known = Decimals.Append("pair").Append("selfTradePrevention").ToHashSet(StringComparer.Ordinal);
        var unknown = market.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !known.Contains(n));
        if (unknown is not null)
        {
            throw new ConfigurationException($"{where}: unknown setting '{unknown}' (known: pair, {string.Join(", ", Decimals)}, selfTradePrevention)");
        }

        var pair = market.TryGetProperty("pair", out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()!
            : throw new ConfigurationException($"{where}.pair must be a string such as btc_jpy");
        var values = Decimals.Select(name => Decimal(market, name, $"{where}.{name}")).ToArray();
        var stp = !market.TryGetProperty("selfTradePrevention", out var s) || s.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ConfigurationException($"{where}.selfTradePrevention must be true or false"),
        };
        return new MarketSpec(pair, values[0], values[1], values[2], values[3], values[4], values[5], stp);
    }

    private static decimal Decimal(JsonElement market, string name, string where)
    {
        if (!market.TryGetProperty(name, out var value))
        {
            throw new ConfigurationException($"{where} is missing");
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => throw new ConfigurationException($"{where} must be a decimal number"),
        };
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new ConfigurationException($"{where} must be a decimal number, not '{text}'");
    }
}
