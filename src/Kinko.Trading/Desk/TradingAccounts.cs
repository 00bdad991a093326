using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Trading.Desk;

/// <summary>The ledger accounts trading moves money between, opened on first use and cached.</summary>
public sealed class TradingAccounts(LedgerEngine ledger)
{
    private readonly Dictionary<(string Asset, AccountKind Kind, long Owner), AccountId> _ids = [];

    public AccountId Available(string asset, long ownerId) => Get(asset, AccountKind.CustomerAvailable, ownerId, AccountFlags.DebitsMustNotExceedCredits);

    public AccountId Held(string asset, long ownerId) => Get(asset, AccountKind.CustomerHeld, ownerId, AccountFlags.DebitsMustNotExceedCredits);

    public AccountId FeeRevenue(string asset) => Get(asset, AccountKind.CompanyFeeRevenue, 0, AccountFlags.None);

    private AccountId Get(string asset, AccountKind kind, long owner, AccountFlags flags)
    {
        if (!_ids.TryGetValue((asset, kind, owner), out var id))
        {
            id = ledger.OpenAccount(new NewAccount(asset, kind, owner, flags)).Id;
            _ids.Add((asset, kind, owner), id);
        }

        return id;
    }
}
