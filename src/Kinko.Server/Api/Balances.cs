using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Server.Api;

/// <summary>A customer's balances as spec §6.1 writes them: every asset's available and reserved amount, as strings.</summary>
public static class Balances
{
    /// <summary>The fields of <c>GET /api/accounts/balance</c> (without <c>success</c>), in asset order.</summary>
    public static Dictionary<string, object> Of(LedgerEngine ledger, AssetRegistry assets, long userId)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(assets);
        var body = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var asset in assets.All)
        {
            var id = asset.Code.ToLowerInvariant();
            var available = Balance(ledger, asset.Code, AccountKind.CustomerAvailable, userId);
            var held = Balance(ledger, asset.Code, AccountKind.CustomerHeld, userId);
            body[id] = AmountText.Format(available.Available, asset.Scale);
            body[id + "_reserved"] = AmountText.Format(held.Posted + held.PendingNet, asset.Scale);
            foreach (var unused in new[] { "_lending", "_lend_in_use", "_lent", "_debt", "_tsumitate" })
            {
                body[id + unused] = "0";
            }
        }

        return body;
    }

    private static AccountBalance Balance(LedgerEngine ledger, string asset, AccountKind kind, long owner) =>
        ledger.FindAccount(asset, kind, owner) is { } account ? ledger.Balance(account.Id) : AccountBalance.Empty;
}
