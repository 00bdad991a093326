using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>A ledger account: one asset, one kind, one owner (0 for the company).</summary>
public sealed record Account(AccountId Id, string Asset, AccountKind Kind, long OwnerId, AccountFlags Flags)
{
    public bool ForbidsNegativeBalance =>
        (Flags & (AccountFlags.DebitsMustNotExceedCredits | AccountFlags.CreditsMustNotExceedDebits)) != 0;
}

/// <summary>What a caller asks for when opening an account. (asset, kind, owner) is unique.</summary>
public sealed record NewAccount(string Asset, AccountKind Kind, long OwnerId, AccountFlags Flags);
