namespace Kinko.Integration.Tests.BadInput;

/// <summary>Where an endpoint takes its fields.</summary>
public enum FieldsIn
{
    Query,
    Form,
    Json,
    Path,

    /// <summary>
    /// A batch placement: the fields make the one order of <c>{"orders":[fields]}</c>. Refused whole
    /// (4xx) when the request alone shows it is malformed, else answered per order (200, the order
    /// refused): either way nothing changes.
    /// </summary>
    JsonBatch,

    /// <summary>A batch cancel: the field <c>id</c> is the second id of <c>{"ids":[valid, id]}</c>.</summary>
    JsonIdList,
}

/// <summary>An endpoint with a request that works, and the fields whose malformed values must each be refused.</summary>
public sealed record EndpointUnderTest(string Name, string Method, string Path, FieldsIn In, IReadOnlyDictionary<string, string> Valid, IReadOnlyList<Field> Fields, bool Signed = true);

/// <summary>The table of endpoints and their fields that the bad-input test generates its cases from.</summary>
public static class Endpoints
{
    private static readonly Field[] LimitOrderFields =
    [
        new("pair", FieldKind.Pair), new("order_type", FieldKind.OrderType), new("rate", FieldKind.Price), new("amount", FieldKind.BaseAmount),
        new("time_in_force", FieldKind.TimeInForce, Required: false), new("client_order_id", FieldKind.ClientOrderId, Required: false),
        new("stop_loss_rate", FieldKind.StopPrice, Required: false),
    ];

    private static readonly Dictionary<string, string> LimitOrder = new() { ["pair"] = "btc_jpy", ["order_type"] = "buy", ["rate"] = "4900000", ["amount"] = "0.01" };

    private static readonly Field[] PageFields =
    [
        new("limit", FieldKind.Limit, Required: false), new("order", FieldKind.Order, Required: false),
        new("starting_after", FieldKind.CursorId, Required: false), new("ending_before", FieldKind.CursorId, Required: false),
    ];

    public static IReadOnlyList<EndpointUnderTest> All { get; } =
    [
        new("new limit order (form)", "POST", "/api/exchange/orders", FieldsIn.Form, LimitOrder, LimitOrderFields),
        new("new limit order (JSON)", "POST", "/api/exchange/orders", FieldsIn.Json, LimitOrder, LimitOrderFields),
        new("new market buy", "POST", "/api/exchange/orders", FieldsIn.Form,
            new Dictionary<string, string> { ["pair"] = "btc_jpy", ["order_type"] = "market_buy", ["market_buy_amount"] = "1000" },
            [new("market_buy_amount", FieldKind.QuoteAmount)]),
        new("new market sell", "POST", "/api/exchange/orders", FieldsIn.Form,
            new Dictionary<string, string> { ["pair"] = "btc_jpy", ["order_type"] = "market_sell", ["amount"] = "0.001" },
            [new("amount", FieldKind.BaseAmount)]),
        new("order detail", "GET", "/api/exchange/orders/{id}", FieldsIn.Path, new Dictionary<string, string> { ["id"] = "{order}" }, [new("id", FieldKind.Id, Required: false)]),
        new("cancel", "DELETE", "/api/exchange/orders/{id}", FieldsIn.Path, new Dictionary<string, string> { ["id"] = "{order}" }, [new("id", FieldKind.Id, Required: false)]),
        new("cancel status", "GET", "/api/exchange/orders/cancel_status", FieldsIn.Query, new Dictionary<string, string> { ["id"] = "{order}" }, [new("id", FieldKind.Id)]),
        new("batch of orders", "POST", "/api/exchange/orders/batch", FieldsIn.JsonBatch, LimitOrder, LimitOrderFields),
        new("batch cancel", "POST", "/api/exchange/orders/cancel_batch", FieldsIn.JsonIdList, new Dictionary<string, string> { ["id"] = "{order2}" }, [new("id", FieldKind.Id, Required: false)]),
        new("fills page", "GET", "/api/exchange/orders/transactions_pagination", FieldsIn.Query, new Dictionary<string, string>(), PageFields),
        new("withdrawals page", "GET", "/api/withdraws", FieldsIn.Query, new Dictionary<string, string>(), PageFields),
        new("deposits", "GET", "/api/deposit_money", FieldsIn.Query, new Dictionary<string, string> { ["currency"] = "btc" },
            [new("currency", FieldKind.Currency, Required: false), new("limit", FieldKind.Limit, Required: false)]),
        new("sends", "GET", "/api/send_money", FieldsIn.Query, new Dictionary<string, string> { ["currency"] = "BTC" }, [new("currency", FieldKind.Currency, Required: false)]),
        new("new bank account", "POST", "/api/bank_accounts", FieldsIn.Form,
            new Dictionary<string, string> { ["bank_name"] = "MUFG", ["branch_name"] = "Shibuya", ["bank_account_type"] = "futsu", ["number"] = "1234567", ["name"] = "YAMADA TARO" },
            [new("bank_name", FieldKind.Name), new("branch_name", FieldKind.Name), new("bank_account_type", FieldKind.BankAccountType),
                new("number", FieldKind.BankAccountNumber), new("name", FieldKind.Name)]),
        new("delete bank account", "DELETE", "/api/bank_accounts/{id}", FieldsIn.Path, new Dictionary<string, string> { ["id"] = "{bank}" }, [new("id", FieldKind.Id, Required: false)]),
        new("public trades", "GET", "/api/trades", FieldsIn.Query, new Dictionary<string, string> { ["pair"] = "btc_jpy" }, [new("pair", FieldKind.Pair), .. PageFields], Signed: false),
        new("order book", "GET", "/api/order_books", FieldsIn.Query, new Dictionary<string, string> { ["pair"] = "btc_jpy" }, [new("pair", FieldKind.Pair)], Signed: false),
        new("ticker", "GET", "/api/ticker", FieldsIn.Query, new Dictionary<string, string> { ["pair"] = "btc_jpy" }, [new("pair", FieldKind.Pair, Required: false)], Signed: false),
        new("rate of a pair", "GET", "/api/rate/{pair}", FieldsIn.Path, new Dictionary<string, string> { ["pair"] = "btc_jpy" }, [new("pair", FieldKind.Pair, Required: false)], Signed: false),
        new("market order estimate", "GET", "/api/exchange/orders/rate", FieldsIn.Query,
            new Dictionary<string, string> { ["pair"] = "btc_jpy", ["order_type"] = "buy", ["amount"] = "0.001" },
            [new("pair", FieldKind.Pair)], Signed: false),
        new("sign-up", "POST", "/api/users", FieldsIn.Json, new Dictionary<string, string> { ["email"] = "new@example.com", ["password"] = "a long enough password" },
            [new("email", FieldKind.Email), new("password", FieldKind.Password)], Signed: false),
    ];
}
