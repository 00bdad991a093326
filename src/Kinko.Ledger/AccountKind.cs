namespace Kinko.Ledger;

/// <summary>What an account stands for. Stored as its number: never renumber.</summary>
public enum AccountKind
{
    /// <summary>A customer's funds free to trade or withdraw.</summary>
    CustomerAvailable = 1,

    /// <summary>A customer's funds set aside (e.g. for an order or a withdrawal).</summary>
    CustomerHeld = 2,

    /// <summary>Fees the exchange has earned.</summary>
    CompanyFeeRevenue = 10,

    /// <summary>The company's own funds (capital, reserve against hot holdings).</summary>
    CompanyCapital = 11,

    /// <summary>Coins in the hot (online, multisig) wallet.</summary>
    CustodyHot = 20,

    /// <summary>Coins in the cold (offline) wallet.</summary>
    CustodyCold = 21,

    /// <summary>Coins on their way between wallets or to a customer.</summary>
    CustodyInTransit = 22,

    /// <summary>Funds set aside to compensate customers after an incident.</summary>
    Compensation = 30,

    /// <summary>The other side of manual, audited adjustments.</summary>
    Adjustment = 31,

    /// <summary>The exchange's settlement account between trading parties.</summary>
    Settlement = 40,
}
