namespace Kinko.Ledger;

/// <summary>An account and its live balance, owned by the engine's single writer.</summary>
internal sealed class AccountState(Account account, AccountBalance balance)
{
    public Account Account { get; } = account;

    public AccountBalance Balance { get; set; } = balance;
}
