using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Server.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kinko.Server.Api;

/// <summary>The private endpoints of the Coincheck-compatible API (spec §6), each with the permission it needs.</summary>
public static class PrivateEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/accounts/balance", BalanceAsync);
    }

    /// <summary>Every asset's available and reserved (held by open orders) balance, as strings (spec §6.1). Permission: read.</summary>
    private static async Task<IResult> BalanceAsync(HttpRequest request, ApiKeys keys, LedgerEngine ledger, AssetRegistry assets)
    {
        var (caller, error) = await keys.AuthenticateAsync(request, "read");
        if (caller is null)
        {
            return error!;
        }

        var body = new Dictionary<string, object> { ["success"] = true };
        foreach (var asset in assets.All)
        {
            var id = asset.Code.ToLowerInvariant();
            var available = Balance(ledger, asset.Code, AccountKind.CustomerAvailable, caller.UserId);
            var held = Balance(ledger, asset.Code, AccountKind.CustomerHeld, caller.UserId);
            body[id] = AmountText.Format(available.Available, asset.Scale);
            body[id + "_reserved"] = AmountText.Format(held.Posted + held.PendingNet, asset.Scale);
            foreach (var unused in new[] { "_lending", "_lend_in_use", "_lent", "_debt", "_tsumitate" })
            {
                body[id + unused] = "0";
            }
        }

        return Results.Json(body);
    }

    private static AccountBalance Balance(LedgerEngine ledger, string asset, AccountKind kind, long owner) =>
        ledger.FindAccount(asset, kind, owner) is { } account ? ledger.Balance(account.Id) : AccountBalance.Empty;
}
