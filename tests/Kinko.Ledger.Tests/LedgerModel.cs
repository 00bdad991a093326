using Kinko.Primitives;

namespace Kinko.Ledger.Tests;

/// <summary>
/// An independent reference ledger, written as plainly as possible, that the engine must agree with:
/// which linked groups commit, and every balance afterwards.
/// </summary>
public sealed class LedgerModel
{
    private readonly Dictionary<AccountId, (AccountFlags Flags, string Asset)> _accounts = [];
    private readonly Dictionary<string, (TransferRequest Request, long Posted, long HoldAmount)> _committed = new(StringComparer.Ordinal);
    private Dictionary<AccountId, AccountBalance> _balances = [];
    private Dictionary<string, (AccountId Debit, AccountId Credit, long Amount)> _open = new(StringComparer.Ordinal);

    public void AddAccount(Account account)
    {
        _accounts[account.Id] = (account.Flags, account.Asset);
        _balances[account.Id] = AccountBalance.Empty;
    }

    public AccountBalance Balance(AccountId id) => _balances[id];

    /// <summary>Applies a linked group; returns whether it committed (or was an exact retry).</summary>
    public bool Apply(IReadOnlyList<TransferRequest> group)
    {
        if (group.Select(r => r.Key).Distinct().Count() != group.Count)
        {
            return false;
        }

        var known = group.Count(r => _committed.ContainsKey(r.Key));
        if (known > 0)
        {
            return known == group.Count && group.All(r => SameContent(_committed[r.Key], r));
        }

        var balances = new Dictionary<AccountId, AccountBalance>(_balances);
        var open = new Dictionary<string, (AccountId Debit, AccountId Credit, long Amount)>(_open, StringComparer.Ordinal);
        var posted = new List<(TransferRequest, long, long)>();
        foreach (var request in group)
        {
            var amount = EffectiveAmount(request, open);
            var holdAmount = request.PendingKey is not null && open.TryGetValue(request.PendingKey, out var hold) ? hold.Amount : 0;
            if (!TryApply(request, balances, open))
            {
                return false;
            }

            posted.Add((request, amount, holdAmount));
        }

        _balances = balances;
        _open = open;
        foreach (var (request, amount, holdAmount) in posted)
        {
            _committed[request.Key] = (request, amount, holdAmount);
        }

        return true;
    }

    /// <summary>A retry asks for the same thing; a post of a hold by 0 (all) equals one naming the whole hold.</summary>
    private static bool SameContent((TransferRequest Request, long Posted, long HoldAmount) first, TransferRequest retry) =>
        first.Request == retry
        || (retry.Kind == TransferKind.PostPending && first.Request with { Amount = 0 } == retry with { Amount = 0 }
            && (retry.Amount == 0 ? first.Posted == first.HoldAmount : retry.Amount == first.Posted));

    private static long EffectiveAmount(TransferRequest r, Dictionary<string, (AccountId Debit, AccountId Credit, long Amount)> open) =>
        r.Kind == TransferKind.PostPending && r.Amount == 0 && r.PendingKey is not null && open.TryGetValue(r.PendingKey, out var hold)
            ? hold.Amount
            : r.Amount;

    private bool TryApply(TransferRequest r, Dictionary<AccountId, AccountBalance> balances, Dictionary<string, (AccountId Debit, AccountId Credit, long Amount)> open)
    {
        if (r.Kind is TransferKind.Posted or TransferKind.Pending)
        {
            if (r.Amount <= 0 || r.Debit == r.Credit || !_accounts.TryGetValue(r.Debit, out var d) || !_accounts.TryGetValue(r.Credit, out var c)
                || d.Asset != r.Asset || c.Asset != r.Asset)
            {
                return false;
            }

            var debit = balances[r.Debit];
            var credit = balances[r.Credit];
            debit = r.Kind == TransferKind.Pending ? debit with { DebitsPending = debit.DebitsPending + r.Amount } : debit with { DebitsPosted = debit.DebitsPosted + r.Amount };
            credit = r.Kind == TransferKind.Pending ? credit with { CreditsPending = credit.CreditsPending + r.Amount } : credit with { CreditsPosted = credit.CreditsPosted + r.Amount };
            if ((d.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits) && debit.DebitsPending + debit.DebitsPosted > debit.CreditsPosted)
                || (c.Flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits) && credit.CreditsPending + credit.CreditsPosted > credit.DebitsPosted))
            {
                return false;
            }

            balances[r.Debit] = debit;
            balances[r.Credit] = credit;
            if (r.Kind == TransferKind.Pending)
            {
                open[r.Key] = (r.Debit, r.Credit, r.Amount);
            }

            return true;
        }

        if (r.PendingKey is null || !open.TryGetValue(r.PendingKey, out var hold))
        {
            return false;
        }

        var posted = r.Kind == TransferKind.VoidPending ? 0 : r.Amount == 0 ? hold.Amount : r.Amount;
        if (posted < 0 || posted > hold.Amount || (r.Kind == TransferKind.VoidPending && r.Amount != 0))
        {
            return false;
        }

        var db = balances[hold.Debit];
        var cb = balances[hold.Credit];
        balances[hold.Debit] = db with { DebitsPending = db.DebitsPending - hold.Amount, DebitsPosted = db.DebitsPosted + posted };
        balances[hold.Credit] = cb with { CreditsPending = cb.CreditsPending - hold.Amount, CreditsPosted = cb.CreditsPosted + posted };
        open.Remove(r.PendingKey);
        return true;
    }
}
