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
        foreach (var (name, value) in Balances.Of(ledger, assets, caller.UserId))
        {
            body[name] = value;
        }

        return Results.Json(body);
    }
}
