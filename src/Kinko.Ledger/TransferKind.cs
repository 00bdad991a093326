namespace Kinko.Ledger;

/// <summary>Stored as its number: never renumber.</summary>
public enum TransferKind
{
    /// <summary>Moves funds at once.</summary>
    Posted = 1,

    /// <summary>Reserves funds (phase one of a two-phase transfer).</summary>
    Pending = 2,

    /// <summary>Completes a pending transfer, wholly or partly; the rest is released.</summary>
    PostPending = 3,

    /// <summary>Releases a pending transfer.</summary>
    VoidPending = 4,
}
