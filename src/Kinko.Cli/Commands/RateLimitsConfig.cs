using System.Globalization;
using System.Text.Json;
using Kinko.Server.Api.Limits;

namespace Kinko.Cli.Commands;

/// <summary>
/// <c>rateLimits</c> in kinko.json: <c>{"tiers": {"default": {"ordersPerSecond": 4, "orderDetailsPerSecond": 1,
/// "requestsPerSecond": 20}, "market_maker": {…}}, "accounts": {"7": "market_maker"}}</c>. Tiers not given
/// keep their defaults; an error names the setting.
/// </summary>
internal static class RateLimitsConfig
{
    public static RateLimitOptions Parse(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException($"{path}: rateLimits must be an object");
        }

        var defaults = new RateLimitOptions();
        var tiers = new Dictionary<string, RateTier>(defaults.Tiers, StringComparer.Ordinal);
        var accounts = new Dictionary<long, string>();
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "tiers" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var tier in property.Value.EnumerateObject())
                    {
                        tiers[tier.Name] = Tier(tier.Value, $"rateLimits.tiers.{tier.Name}", tiers.GetValueOrDefault(tier.Name) ?? RateLimitOptions.CoincheckLimits, path);
                    }

                    break;
                case "accounts" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var account in property.Value.EnumerateObject())
                    {
                        if (!long.TryParse(account.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || account.Value.ValueKind != JsonValueKind.String)
                        {
                            throw new ConfigurationException($"{path}: rateLimits.accounts.{account.Name} must map an account id to a tier name");
                        }

                        accounts[userId] = account.Value.GetString()!;
                    }

                    break;
                default:
                    throw new ConfigurationException($"{path}: rateLimits.{property.Name} is unknown or not an object (known: tiers, accounts)");
            }
        }

        var options = new RateLimitOptions { Tiers = tiers, Accounts = accounts };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"{path}: {e.Message}");
        }

        return options;
    }

    private static RateTier Tier(JsonElement element, string name, RateTier start, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException($"{path}: {name} must be an object");
        }

        var tier = start;
        foreach (var setting in element.EnumerateObject())
        {
            if (setting.Value.ValueKind != JsonValueKind.Number)
            {
                throw new ConfigurationException($"{path}: {name}.{setting.Name} must be a number");
            }

            var value = setting.Value.GetDouble();
            tier = setting.Name switch
            {
                "ordersPerSecond" => tier with { OrdersPerSecond = value },
                "orderDetailsPerSecond" => tier with { OrderDetailsPerSecond = value },
                "requestsPerSecond" => tier with { RequestsPerSecond = value },
                _ => throw new ConfigurationException($"{path}: {name}.{setting.Name} is unknown (known: ordersPerSecond, orderDetailsPerSecond, requestsPerSecond)"),
            };
        }

        return tier;
    }
}
