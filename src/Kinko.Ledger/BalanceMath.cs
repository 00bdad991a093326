using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>Checked balance arithmetic and the no-negative rules of <see cref="AccountFlags"/>.</summary>
internal static class BalanceMath
{
    public static AccountBalance? AddDebit(AccountBalance b, long amount, bool pending)
    {
        try
        {
            return pending
                ? b with { DebitsPending = checked(b.DebitsPending + amount) }
                : b with { DebitsPosted = checked(b.DebitsPosted + amount) };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static AccountBalance? AddCredit(AccountBalance b, long amount, bool pending)
    {
        try
        {
            return pending
                ? b with { CreditsPending = checked(b.CreditsPending + amount) }
                : b with { CreditsPosted = checked(b.CreditsPosted + amount) };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Releases <paramref name="pendingAmount"/> from pending debits and posts <paramref name="posted"/> of it; null on overflow.</summary>
    public static AccountBalance? ResolveDebit(AccountBalance b, long pendingAmount, long posted)
    {
        Invariant.Assert(b.DebitsPending >= pendingAmount && posted <= pendingAmount, "pending debits below an open pending transfer");
        return posted > long.MaxValue - b.DebitsPosted
            ? null
            : b with { DebitsPending = b.DebitsPending - pendingAmount, DebitsPosted = b.DebitsPosted + posted };
    }

    /// <summary>Releases <paramref name="pendingAmount"/> from pending credits and posts <paramref name="posted"/> of it; null on overflow.</summary>
    public static AccountBalance? ResolveCredit(AccountBalance b, long pendingAmount, long posted)
    {
        Invariant.Assert(b.CreditsPending >= pendingAmount && posted <= pendingAmount, "pending credits below an open pending transfer");
        return posted > long.MaxValue - b.CreditsPosted
            ? null
            : b with { CreditsPending = b.CreditsPending - pendingAmount, CreditsPosted = b.CreditsPosted + posted };
    }

    public static KinkoError? CheckLimits(Account account, AccountBalance b, string field)
    {
        if ((account.Flags & AccountFlags.DebitsMustNotExceedCredits) != 0
            && (Int128)b.DebitsPending + b.DebitsPosted > b.CreditsPosted)
        {
            return new KinkoError(ErrorCode.InsufficientFunds, $"account {account.Id} has insufficient funds", field);
        }

        if ((account.Flags & AccountFlags.CreditsMustNotExceedDebits) != 0
            && (Int128)b.CreditsPending + b.CreditsPosted > b.DebitsPosted)
        {
            return new KinkoError(ErrorCode.CreditLimitExceeded, $"account {account.Id} may not be credited beyond its debits", field);
        }

        return null;
    }
}
