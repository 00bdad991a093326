using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Kinko.Trading.Desk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kinko.Server.Api;

/// <summary>The caller's account, balances and fills (spec §6.1, §6.2, §6.8, §6.9). Permission: read.</summary>
public static class AccountEndpoints
{
    /// <summary>How many fills <c>transactions</c> (the unpaginated list) returns.</summary>
    public const int RecentFills = 100;

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/accounts/balance", Balance).Requires(ApiPermission.Read);
        app.MapGet("/api/accounts", Account).Requires(ApiPermission.Read);
        app.MapGet("/api/exchange/orders/transactions", Transactions).Requires(ApiPermission.Read);
        app.MapGet("/api/exchange/orders/transactions_pagination", TransactionsPage).Requires(ApiPermission.Read);
    }

    /// <summary>Every asset's available and reserved (held by open orders) balance, as strings.</summary>
    private static IResult Balance(ApiCaller caller, LedgerEngine ledger, AssetRegistry assets)
    {
        var body = Balances.Of(ledger, assets, caller.UserId);
        body["success"] = true;
        return Results.Json(body);
    }

    /// <summary>
    /// The account and its fees: fractions per pair under both key names (ccxt reads <c>maker_fee</c>,
    /// the current docs <c>maker_fee_rate</c>), percent at the top level for btc_jpy (spec §6.2).
    /// </summary>
    private static IResult Account(ApiCaller caller, TradingSequencer trading, SqlUserStore users)
    {
        var fees = trading.Markets.Values.OrderBy(m => m.Pair, StringComparer.Ordinal).ToDictionary(m => m.Pair, m =>
        {
            var (maker, taker) = (OrderJson.Rate(m.Rules.MakerFeePpm), OrderJson.Rate(m.Rules.TakerFeePpm));
            return new { maker_fee_rate = maker, taker_fee_rate = taker, maker_fee = maker, taker_fee = taker };
        });
        var btc = trading.Markets.GetValueOrDefault("btc_jpy");
        return Results.Json(new
        {
            success = true,
            id = caller.UserId,
            email = users.Find(PrincipalKind.User, caller.UserId)?.Email,
            identity_status = "identity_verified",
            bitcoin_address = (string?)null,
            taker_fee = btc is null ? "0" : OrderJson.Rate(btc.Rules.TakerFeePpm * 100),
            maker_fee = btc is null ? "0" : OrderJson.Rate(btc.Rules.MakerFeePpm * 100),
            exchange_fees = fees,
        });
    }

    private static IResult Transactions(ApiCaller caller, TradingSequencer trading) => Results.Json(new
    {
        success = true,
        transactions = trading.History.Fills(caller.UserId, null, RecentFills).Select(f => OrderJson.Fill(trading.Markets[f.Pair], f)),
    });

    /// <summary>The caller's fills of every pair, a page at a time (ccxt's fetchMyTrades sends only <c>limit</c>).</summary>
    private static IResult TransactionsPage(HttpRequest request, ApiCaller caller, TradingSequencer trading)
    {
        if (!Pagination.TryRead(request.Query, out var page, out var error))
        {
            return ApiJson.Error(error!);
        }

        var fills = page.Read(
            (before, limit) => trading.History.Fills(caller.UserId, before, limit),
            (after, limit) => trading.History.FillsAfter(caller.UserId, after, limit));
        return Results.Json(new
        {
            success = true,
            pagination = page.Echo(),
            data = fills.Select(f => OrderJson.Fill(trading.Markets[f.Pair], f)),
        });
    }
}
