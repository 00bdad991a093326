namespace Kinko.Ledger;

/// <summary>
/// The four running totals of an account, in minor units. Posted balance = credits − debits
/// (positive for a customer who has funds); pending amounts are reserved by two-phase transfers.
/// </summary>
public readonly record struct AccountBalance(long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)
{
    public static readonly AccountBalance Empty = default;

    /// <summary>Posted credits minus posted debits.</summary>
    public long Posted => CreditsPosted - DebitsPosted;

    /// <summary>What a credit-normal account can still spend: posted balance less pending debits.</summary>
    public long Available => CreditsPosted - DebitsPosted - DebitsPending;

    /// <summary>Pending credits minus pending debits.</summary>
    public long PendingNet => CreditsPending - DebitsPending;
}
