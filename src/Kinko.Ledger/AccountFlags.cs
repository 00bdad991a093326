namespace Kinko.Ledger;

/// <summary>Balance rules enforced on every transfer.</summary>
[Flags]
#pragma warning disable CA1711 // "Flags" is the domain's word here
public enum AccountFlags
#pragma warning restore CA1711
{
    None = 0,

    /// <summary>A credit-normal account (a customer's funds) that may never go below zero:
    /// debits, pending and posted, never exceed posted credits.</summary>
    DebitsMustNotExceedCredits = 1,

    /// <summary>A debit-normal account (coins we hold) that may never go below zero:
    /// credits, pending and posted, never exceed posted debits.</summary>
    CreditsMustNotExceedDebits = 2,
}
