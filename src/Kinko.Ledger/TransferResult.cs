using Kinko.Primitives;

namespace Kinko.Ledger;

public enum TransferStatus
{
    /// <summary>Committed now.</summary>
    Created,

    /// <summary>The same key with the same content was committed before; nothing new was written.</summary>
    AlreadyExists,

    /// <summary>Refused; nothing was written.</summary>
    Refused,
}

/// <summary>The outcome of one <see cref="TransferRequest"/>.</summary>
public sealed record TransferResult(TransferStatus Status, Transfer? Transfer, KinkoError? Error)
{
    public bool Succeeded => Status != TransferStatus.Refused;

    public static TransferResult Created(Transfer transfer) => new(TransferStatus.Created, transfer, null);

    public static TransferResult Exists(Transfer transfer) => new(TransferStatus.AlreadyExists, transfer, null);

    public static TransferResult Refused(KinkoError error) => new(TransferStatus.Refused, null, error);
}
