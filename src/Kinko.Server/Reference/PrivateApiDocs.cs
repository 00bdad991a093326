using static Kinko.Server.Reference.Param;

namespace Kinko.Server.Reference;

/// <summary>
/// The private Coincheck endpoints (spec §6; <see cref="Api.AccountEndpoints"/>,
/// <see cref="Api.OrderEndpoints"/>, <see cref="Api.FundingEndpoints"/>): signed with an API key.
/// </summary>
public static class PrivateApiDocs
{
    public const string AccountTag = "Account";
    public const string OrderTag = "Orders";
    public const string FundingTag = "Funding";

    private const string FillExample = """{"id":38,"order_id":49,"created_at":"2026-01-18T07:02:21.000Z","funds":{"btc":"0.1","jpy":"-4096.135"},"pair":"btc_jpy","rate":"40900","fee_currency":"JPY","fee":"6.135","liquidity":"T","side":"buy"}""";
    private const string PageEcho = """{"limit":25,"order":"desc","starting_after":null,"ending_before":null}""";

    private static readonly ParameterDoc OrderId = Path("id", "the order's id");

    public static IReadOnlyList<OperationDoc> Operations { get; } =
    [
        new("GET", "/api/accounts/balance", AccountTag, "Balances of every asset: available and reserved by open orders",
            "Per asset (lower-case code): <cur> is available (excluding reserved), <cur>_reserved is held by open orders; "
            + "the lending and tsumitate fields are always \"0\". All strings.",
            [], """{"success":true,"jpy":"100000","jpy_reserved":"3000","jpy_lending":"0","jpy_lend_in_use":"0","jpy_lent":"0","jpy_debt":"0","jpy_tsumitate":"0","btc":"0.5","btc_reserved":"0","btc_lending":"0","btc_lend_in_use":"0","btc_lent":"0","btc_debt":"0","btc_tsumitate":"0"}""",
            Errors: []),
        new("GET", "/api/accounts", AccountTag, "The account and its trading fees",
            "exchange_fees gives fractions per pair under both key names (maker_fee_rate for the current docs, maker_fee for ccxt); "
            + "the top-level maker_fee and taker_fee are btc_jpy's in percent.",
            [], """{"success":true,"id":10000,"email":"user@example.com","identity_status":"identity_verified","bitcoin_address":null,"taker_fee":"0.1","maker_fee":"0","exchange_fees":{"btc_jpy":{"maker_fee_rate":"0","taker_fee_rate":"0.001","maker_fee":"0","taker_fee":"0.001"}}}""",
            Errors: []),
        new("GET", "/api/exchange/orders/transactions", AccountTag, "The caller's most recent fills (no pagination)",
            $"At most {Api.AccountEndpoints.RecentFills} fills of every pair, newest first; funds are signed balance changes, the fee in the quote currency.",
            [], $$"""{"success":true,"transactions":[{{FillExample}}]}""", Errors: []),
        new("GET", "/api/exchange/orders/transactions_pagination", AccountTag, "The caller's fills of every pair, a page at a time",
            "liquidity is T (taker) or M (maker); a negative fee is a maker rebate.",
            Pagination, $$"""{"success":true,"pagination":{{PageEcho}},"data":[{{FillExample}}]}"""),
        new("POST", "/api/exchange/orders", OrderTag, "Place an order",
            "Limit (buy, sell), market sell, market buy (spends market_buy_amount of quote), optionally a stop order. Prices and amounts must be "
            + "multiples of the market's tick and lot; a wrong one is refused naming the parameter, never rounded. "
            + "Kinko extensions: time_in_force immediate_or_cancel and fill_or_kill, and client_order_id (kept with the order and echoed back).",
            [Body("pair", "string", true, "market id (btc_jpy)"),
                Body("order_type", "string", true, "limit buy or sell, or a market order", "buy", "sell", "market_buy", "market_sell"),
                Body("rate", "string", false, "limit price, quote per one base unit (decimal); required for buy and sell"),
                Body("amount", "string", false, "base amount (decimal); required for buy, sell and market_sell, refused for market_buy"),
                Body("market_buy_amount", "string", false, "quote to spend (decimal); required for market_buy"),
                Body("stop_loss_rate", "string", false, "trigger price: the order waits (WAITING_FOR_TRIGGER) until a trade reaches it"),
                Body("time_in_force", "string", false, "good_til_cancelled (default), post_only (maker only), and the Kinko extensions "
                    + "immediate_or_cancel (the unfilled rest expires) and fill_or_kill (all at once or nothing)",
                    "good_til_cancelled", "post_only", "immediate_or_cancel", "fill_or_kill"),
                Body("client_order_id", "string", false, "Kinko extension: the caller's own id for the order, echoed back")],
            """{"success":true,"id":12345,"rate":"30010","amount":"1.3","order_type":"sell","time_in_force":"good_til_cancelled","stop_loss_rate":null,"pair":"btc_jpy","created_at":"2026-01-10T05:55:38.000Z","client_order_id":null}""",
            Body: BodyFormat.FormOrJson),
        new("GET", "/api/exchange/orders/opens", OrderTag, "The caller's open orders of every pair",
            "Includes stop orders still waiting for their trigger. rate is a number (null for a market order).",
            [], """{"success":true,"orders":[{"id":202835,"order_type":"buy","rate":26890,"pair":"btc_jpy","pending_amount":"0.5527","pending_market_buy_amount":null,"stop_loss_rate":null,"created_at":"2026-01-10T05:55:38.000Z"}]}""",
            Errors: []),
        new("GET", "/api/exchange/orders/cancel_status", OrderTag, "Whether a cancel is done",
            "cancel is true once the order is cancelled; an order that expired counts as cancelled.",
            [Query("id", "integer", true, "the order's id")],
            """{"success":true,"id":12345,"cancel":true,"created_at":"2026-01-10T05:55:38.000Z"}""", Errors: [400, 404]),
        new("GET", "/api/exchange/orders/{id}", OrderTag, "One of the caller's orders, open or ended",
            "status is NEW, WAITING_FOR_TRIGGER, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, PARTIALLY_FILLED_CANCELED or PARTIALLY_FILLED_EXPIRED; "
            + "decimals are strings, unused fields null.",
            [OrderId],
            """{"success":true,"id":12345,"pair":"btc_jpy","status":"PARTIALLY_FILLED","order_type":"buy","rate":"5000000","stop_loss_rate":null,"maker_fee_rate":"0","taker_fee_rate":"0.001","amount":"0.1","market_buy_amount":null,"executed_amount":"0.04","executed_market_buy_amount":null,"expired_type":null,"prevented_match_id":null,"expired_amount":null,"expired_market_buy_amount":null,"time_in_force":"good_til_cancelled","created_at":"2026-01-10T05:55:38.000Z"}""",
            Errors: [404]),
        new("DELETE", "/api/exchange/orders/{id}", OrderTag, "Cancel one of the caller's open orders",
            "An unknown id, another user's order or one already closed is refused (400).",
            [OrderId], """{"success":true,"id":12345}"""),
        new("POST", "/api/exchange/orders/batch", OrderTag, "Kinko extension: place several orders in one request",
            $"A JSON body only. Every order is checked first: one malformed order refuses the whole request (400, naming it as orders[i]) and nothing is placed. "
            + "Then the orders go to the matching engine in their order, and each is answered in orders[i] as POST /api/exchange/orders would answer it: "
            + "placed, or success false with the error. Each order counts against the new-order rate limit; a batch larger than the tier allows in a second is refused. "
            + "The answer leaves once every order (and the request's nonce) is durable. If the store fails part-way, the orders it could not confirm "
            + "are answered success false with a service-unavailable error (retry them; a client_order_id makes that safe); if it fails for all, the answer is a 503.",
            [Body("orders", "array of objects", true, $"1 to {Api.OrderBatchEndpoints.MaxItems} orders, each an object with the parameters of POST /api/exchange/orders")],
            """{"success":true,"orders":[{"success":true,"id":12345,"rate":"30010","amount":"1.3","order_type":"sell","time_in_force":"good_til_cancelled","stop_loss_rate":null,"pair":"btc_jpy","created_at":"2026-01-10T05:55:38.000Z","client_order_id":null},{"success":false,"error":"insufficient-funds: debit account 2 has insufficient funds"}]}""",
            Errors: [400, 429], Body: BodyFormat.Json),
        new("POST", "/api/exchange/orders/cancel_batch", OrderTag, "Kinko extension: cancel several orders in one request",
            "A JSON body only. An id that is not a positive integer refuses the whole request (400) and nothing is cancelled. "
            + "Each id is answered in orders[i] as DELETE /api/exchange/orders/{id} would answer it: success with its id, or success false when it is "
            + "not one of the caller's open orders.",
            [Body("ids", "array of integers", true, $"1 to {Api.OrderBatchEndpoints.MaxItems} order ids (strings of digits are read too)")],
            """{"success":true,"orders":[{"success":true,"id":12345},{"success":false,"id":12346,"error":"id: no open order 12346"}]}""",
            Body: BodyFormat.Json),
        new("GET", "/api/deposit_money", FundingTag, "The caller's credited deposits",
            "currency is matched in any case (ccxt sends it lower case); without it every currency is listed.",
            [Query("currency", "string", false, "asset code (BTC or btc)"), .. Pagination],
            """{"success":true,"deposits":[{"id":2,"amount":"0.05","currency":"BTC","address":"bc1q…","status":"received","confirmed_at":"2026-01-13T08:29:18.000Z","created_at":"2026-01-13T08:22:18.000Z"}]}"""),
        new("GET", "/api/send_money", FundingTag, "The caller's crypto sends",
            "currency is optional and matched in any case.",
            [Query("currency", "string", false, "asset code (BTC or btc)")],
            """{"success":true,"sends":[{"id":276,"amount":"1.5","currency":"BTC","fee":"0.002","address":"bc1q…","created_at":"2026-01-13T08:22:18.000Z"}]}"""),
        new("GET", "/api/withdraws", FundingTag, "The caller's JPY withdrawals, a page at a time",
            "status is pending, processing, finished or canceled.",
            Pagination,
            $$"""{"success":true,"pagination":{{PageEcho}},"data":[{"id":398,"status":"finished","amount":"242742","currency":"JPY","created_at":"2026-01-13T08:22:18.000Z","bank_account_id":243,"fee":"400","is_fast":false}]}"""),
        new("GET", "/api/bank_accounts", FundingTag, "The caller's registered bank accounts",
            "bank_account_type is futsu or toza; number is a string of 7 digits.",
            [], """{"success":true,"data":[{"id":1,"bank_name":"Kinko Bank","branch_name":"Head Office","bank_account_type":"futsu","number":"1234567","name":"YAMADA TARO"}]}""",
            Errors: []),
        new("POST", "/api/bank_accounts", FundingTag, "Register a bank account for JPY withdrawals",
            $"At most {Api.FundingEndpoints.MaxBankAccountsPerUser} per customer; names are 1 to {Api.FundingEndpoints.MaxNameLength} characters.",
            [Body("bank_name", "string", true, "the bank's name"), Body("branch_name", "string", true, "the branch's name"),
                Body("bank_account_type", "string", true, "ordinary (futsu) or current (toza)", "futsu", "toza"),
                Body("number", "string", true, "the account's 7 digits"), Body("name", "string", true, "the holder's name")],
            """{"success":true,"data":{"id":1,"bank_name":"Kinko Bank","branch_name":"Head Office","bank_account_type":"futsu","number":"1234567","name":"YAMADA TARO"}}""",
            Body: BodyFormat.FormOrJson),
        new("DELETE", "/api/bank_accounts/{id}", FundingTag, "Delete one of the caller's bank accounts", "",
            [Path("id", "the bank account's id")], """{"success":true}""", Errors: [404]),
    ];
}
