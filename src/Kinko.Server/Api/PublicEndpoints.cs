using System.Globalization;
using Kinko.Trading.Desk;
using Kinko.Trading.MarketData;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using Kinko.Server.Api.Auth;

namespace Kinko.Server.Api;

/// <summary>The public (unauthenticated) endpoints of the Coincheck-compatible API (spec §5).</summary>
public static class PublicEndpoints
{
    public const string DefaultPair = "btc_jpy";

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/ticker", Ticker).AllowAnyone();
        app.MapGet("/api/trades", Trades).AllowAnyone();
        app.MapGet("/api/order_books", OrderBooks).AllowAnyone();
        app.MapGet("/api/exchange_status", ExchangeStatus).AllowAnyone();
        app.MapGet("/api/rate/{pair}", Rate).AllowAnyone();
        app.MapGet("/api/exchange/orders/rate", OrderRate).AllowAnyone();
    }

    private static IResult Ticker(HttpRequest request, TradingSequencer trading, TimeProvider time)
    {
        if (!TryMarket(request.Query["pair"].FirstOrDefault() ?? DefaultPair, trading, out var market, out var feed, out var error))
        {
            return error;
        }

        var now = time.GetUtcNow();
        var depth = feed.Depth;
        var day = feed.Day(now);
        return Results.Json(new
        {
            last = feed.LastTradePriceTicks > 0 ? ApiJson.Price(market, feed.LastTradePriceTicks) : (decimal?)null,
            bid = depth.BestBidTicks > 0 ? ApiJson.Price(market, depth.BestBidTicks) : (decimal?)null,
            ask = depth.BestAskTicks > 0 ? ApiJson.Price(market, depth.BestAskTicks) : (decimal?)null,
            high = day.HighTicks is { } high ? ApiJson.Price(market, high) : (decimal?)null,
            low = day.LowTicks is { } low ? ApiJson.Price(market, low) : (decimal?)null,
            volume = ApiJson.BaseAmount(market, day.Lots),
            timestamp = ApiJson.UnixSeconds(now),
        });
    }

    private static IResult Trades(HttpRequest request, TradingSequencer trading, Kinko.Ledger.ILedgerStore store)
    {
        if (!TryMarket(request.Query["pair"].FirstOrDefault(), trading, out var market, out _, out var error))
        {
            return error;
        }

        if (!Pagination.TryRead(request.Query, out var page, out var pageError))
        {
            return ApiJson.Error(pageError!);
        }

        var history = new MarketHistory(store);
        var trades = page.Read(
            (before, limit) => history.Trades(market.Pair, before, limit),
            (after, limit) => history.TradesAfter(market.Pair, after, limit));
        return Results.Json(new
        {
            success = true,
            pagination = page.Echo(),
            data = trades.Select(t => new
            {
                id = t.Id,
                amount = ApiJson.BaseAmount(market, t.Lots),
                rate = ApiJson.PriceText(market, t.PriceTicks),
                pair = market.Pair,
                order_type = ApiNames.SideName(t.TakerSide),
                created_at = ApiJson.Time(t.At),
            }),
        });
    }

    private static IResult OrderBooks(HttpRequest request, TradingSequencer trading)
    {
        if (!TryMarket(request.Query["pair"].FirstOrDefault(), trading, out var market, out var feed, out var error))
        {
            return error;
        }

        var depth = feed.Depth;
        return Results.Json(new
        {
            asks = depth.Asks.Select(l => new object[] { ApiJson.Price(market, l.PriceTicks), ApiJson.BaseAmount(market, l.Lots) }),
            bids = depth.Bids.Select(l => new object[] { ApiJson.Price(market, l.PriceTicks), ApiJson.BaseAmount(market, l.Lots) }),
            sequence = depth.Sequence,
        });
    }

    private static IResult ExchangeStatus(HttpRequest request, TradingSequencer trading, TimeProvider time)
    {
        var pair = request.Query["pair"].FirstOrDefault();
        if (pair is not null && !trading.Markets.ContainsKey(pair))
        {
            return ApiJson.Error($"pair: no market '{pair}'");
        }

        var now = ApiJson.UnixSeconds(time.GetUtcNow());
        return Results.Json(new
        {
            exchange_status = trading.Markets.Keys
                .Where(p => pair is null || p == pair)
                .Order(StringComparer.Ordinal)
                .Select(p => new
                {
                    pair = p,
                    status = "available",
                    timestamp = now,
                    availability = new { order = true, market_order = true, cancel = true },
                }),
        });
    }

    private static IResult Rate(string pair, TradingSequencer trading)
    {
        if (!TryMarket(pair, trading, out var market, out var feed, out var error))
        {
            return error;
        }

        var depth = feed.Depth;
        var reference = feed.LastTradePriceTicks > 0 ? ApiJson.PriceText(market, feed.LastTradePriceTicks)
            : depth.BestBidTicks > 0 && depth.BestAskTicks > 0 ? ApiJson.Normalize((market.Price(depth.BestBidTicks) + market.Price(depth.BestAskTicks)) / 2).ToString(CultureInfo.InvariantCulture)
            : null;
        return Results.Json(new { rate = reference });
    }

    private static IResult OrderRate(HttpRequest request, TradingSequencer trading) =>
        !TryMarket(request.Query["pair"].FirstOrDefault(), trading, out var market, out var feed, out var error)
            ? error
            : OrderRateEstimate.Answer(request.Query, market, feed.Depth);

    private static bool TryMarket(string? pair, TradingSequencer trading, out Market market, out MarketFeed feed, out IResult error)
    {
        market = null!;
        feed = null!;
        error = null!;
        if (string.IsNullOrEmpty(pair))
        {
            error = ApiJson.Error("pair is required (e.g. pair=btc_jpy)");
            return false;
        }

        if (!trading.Markets.TryGetValue(pair, out var found) || trading.Feeds.Find(pair) is not { } f)
        {
            error = ApiJson.Error($"pair: no market '{pair}' (markets: {string.Join(", ", trading.Markets.Keys.Order(StringComparer.Ordinal))})");
            return false;
        }

        market = found;
        feed = f;
        return true;
    }
}
