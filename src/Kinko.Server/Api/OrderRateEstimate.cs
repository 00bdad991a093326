using System.Globalization;
using Kinko.Trading.MarketData;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Api;

/// <summary>
/// <c>GET /api/exchange/orders/rate</c> (spec §5.4): what a market order would pay on the current
/// book — for a base <c>amount</c>, or for a quote <c>price</c> to spend. Fees are not included.
/// </summary>
public static class OrderRateEstimate
{
    public static IResult Answer(IQueryCollection query, Market market, DepthView depth)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(depth);
        var side = query["order_type"].FirstOrDefault() switch
        {
            "buy" => Side.Buy,
            "sell" => Side.Sell,
            _ => (Side?)null,
        };
        if (side is null)
        {
            return ApiJson.Error("order_type must be buy or sell");
        }

        var hasAmount = query.TryGetValue("amount", out var amountText);
        var hasPrice = query.TryGetValue("price", out var priceText);
        if (hasAmount == hasPrice)
        {
            return ApiJson.Error("give exactly one of amount (base) or price (quote)");
        }

        if (!decimal.TryParse(hasAmount ? amountText : priceText, NumberStyles.Float, CultureInfo.InvariantCulture, out var wanted) || wanted <= 0)
        {
            return ApiJson.Error($"{(hasAmount ? "amount" : "price")} must be a positive number");
        }

        var levels = side == Side.Buy ? depth.Asks : depth.Bids;
        decimal amount = 0, cost = 0;
        foreach (var level in levels)
        {
            var levelPrice = market.Price(level.PriceTicks);
            var levelAmount = level.Lots * market.Spec.LotSize;
            var take = hasAmount ? Math.Min(levelAmount, wanted - amount) : Math.Min(levelAmount, (wanted - cost) / levelPrice);
            amount += take;
            cost += take * levelPrice;
            if (hasAmount ? amount >= wanted : cost >= wanted)
            {
                break;
            }
        }

        if (amount == 0)
        {
            return ApiJson.Error("the book has nothing on that side");
        }

        return Results.Json(new
        {
            success = true,
            rate = ApiJson.Normalize(Math.Round(cost / amount, 8)),
            price = ApiJson.Normalize(Math.Round(cost, market.Quote.Scale)),
            amount = ApiJson.Normalize(Math.Round(amount, market.Base.Scale)),
        });
    }
}
