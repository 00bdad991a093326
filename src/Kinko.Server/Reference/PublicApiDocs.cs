using static Kinko.Server.Reference.Param;

namespace Kinko.Server.Reference;

/// <summary>The public (unauthenticated) Coincheck endpoints (spec §5; <see cref="Api.PublicEndpoints"/>).</summary>
public static class PublicApiDocs
{
    public const string Tag = "Public market data";

    private static readonly ParameterDoc Pair = Query("pair", "string", true, "market id, lower case base_quote (btc_jpy)");

    public static IReadOnlyList<OperationDoc> Operations { get; } =
    [
        new("GET", "/api/ticker", Tag, "Ticker: last price, best bid and ask, 24-hour high, low and volume",
            "Prices are JSON numbers (null while there is none), the volume a string in base units, timestamp Unix seconds.",
            [Query("pair", "string", false, $"market id (default {Api.PublicEndpoints.DefaultPair})")],
            """{"last":5000000,"bid":4999900,"ask":5000100,"high":5100000,"low":4900000,"volume":"123.45678901","timestamp":1760000000}"""),
        new("GET", "/api/trades", Tag, "Recent trades of one market, newest first, paginated",
            "order_type is the taker's side. Public trades never carry a liquidity field (ccxt reads that as a private fill).",
            [Pair, .. Pagination],
            """{"success":true,"pagination":{"limit":25,"order":"desc","starting_after":null,"ending_before":null},"data":[{"id":82,"amount":"0.28391","rate":"35400","pair":"btc_jpy","order_type":"sell","created_at":"2026-01-10T05:55:38.000Z"}]}"""),
        new("GET", "/api/order_books", Tag, "Order book: aggregated price levels of one market",
            "Each level is [price (number), amount (string)]; asks ascending, bids descending. Kinko extension: sequence, "
            + "the market feed's number at this snapshot (the same numbering as the order-book diffs on /ws, docs/websocket.md).",
            [Pair],
            """{"asks":[[27330,"2.25"],[27340,"0.45"]],"bids":[[27240,"1.1543"],[26800,"1.2226"]],"sequence":1042}"""),
        new("GET", "/api/exchange_status", Tag, "Whether each market takes orders, market orders and cancels",
            "Without pair, every configured market is listed. timestamp is Unix seconds.",
            [Query("pair", "string", false, "market id; without it all markets")],
            """{"exchange_status":[{"pair":"btc_jpy","status":"available","timestamp":1760000000,"availability":{"order":true,"market_order":true,"cancel":true}}]}"""),
        new("GET", "/api/rate/{pair}", Tag, "Reference rate of a market",
            "The last trade price, else the mid of the best bid and ask, else null; a string.",
            [Path("pair", "market id (btc_jpy)")],
            """{"rate":"5000000"}"""),
        new("GET", "/api/exchange/orders/rate", Tag, "Estimated average rate of a market order on the current book",
            "Give exactly one of amount (base units) or price (quote to spend). Fees are not included.",
            [Pair, Query("order_type", "string", true, "the side of the market order", "buy", "sell"),
                Query("amount", "string", false, "base amount to buy or sell (decimal)"),
                Query("price", "string", false, "quote amount to spend or receive (decimal)")],
            """{"success":true,"rate":60000,"price":60000,"amount":1}"""),
    ];
}
