using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>
/// A committed transfer: a row of the append-only ledger. It carries the balances of both accounts
/// just after it, so a balance as of any position is one lookup.
/// </summary>
public sealed record Transfer(
    LedgerPosition Position,
    string Key,
    TransferKind Kind,
    AccountId Debit,
    AccountId Credit,
    string Asset,
    long Amount,
    string? PendingKey,
    string? Reference,
    DateTimeOffset Timestamp,
    AccountBalance DebitBalanceAfter,
    AccountBalance CreditBalanceAfter)
{
    /// <summary>The balance of <paramref name="account"/> just after this transfer.</summary>
    public AccountBalance BalanceAfter(AccountId account) =>
        account == Debit ? DebitBalanceAfter
        : account == Credit ? CreditBalanceAfter
        : throw new ArgumentException($"account {account} is not a party to transfer {Key}", nameof(account));

    /// <summary>
    /// Whether a retried request asks for exactly what this transfer did. A post of a hold that says
    /// 0 (all of it) matches only a post of the hold's whole amount, given as <paramref name="holdAmount"/>.
    /// </summary>
    public bool Matches(TransferRequest request, long? holdAmount = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != Kind || request.Key != Key || request.Reference != Reference)
        {
            return false;
        }

        if (Kind is TransferKind.PostPending or TransferKind.VoidPending)
        {
            var amountMatches = Kind == TransferKind.VoidPending
                ? request.Amount == 0
                : request.Amount == Amount || (request.Amount == 0 && holdAmount == Amount);
            return amountMatches
                && request.PendingKey == PendingKey
                && (request.Debit == default || request.Debit == Debit)
                && (request.Credit == default || request.Credit == Credit)
                && (string.IsNullOrEmpty(request.Asset) || string.Equals(request.Asset, Asset, StringComparison.OrdinalIgnoreCase));
        }

        return request.Debit == Debit && request.Credit == Credit && request.Amount == Amount
            && string.Equals(request.Asset, Asset, StringComparison.OrdinalIgnoreCase);
    }
}
