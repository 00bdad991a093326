namespace Kinko.Primitives;

/// <summary>A stable, kebab-case code for a refused request or a broken business rule.</summary>
public readonly record struct ErrorCode(string Value)
{
    public static readonly ErrorCode InvalidAmount = new("invalid-amount");
    public static readonly ErrorCode UnknownAsset = new("unknown-asset");
    public static readonly ErrorCode AssetMismatch = new("asset-mismatch");
    public static readonly ErrorCode UnknownAccount = new("unknown-account");
    public static readonly ErrorCode SameAccount = new("same-account");
    public static readonly ErrorCode InsufficientFunds = new("insufficient-funds");
    public static readonly ErrorCode CreditLimitExceeded = new("credit-limit-exceeded");
    public static readonly ErrorCode InvalidKey = new("invalid-idempotency-key");
    public static readonly ErrorCode KeyReused = new("idempotency-key-reused");
    public static readonly ErrorCode UnknownPending = new("unknown-pending-transfer");
    public static readonly ErrorCode PendingAlreadyClosed = new("pending-transfer-already-closed");
    public static readonly ErrorCode ExceedsPendingAmount = new("exceeds-pending-amount");
    public static readonly ErrorCode Overflow = new("overflow");
    public static readonly ErrorCode LinkedTransferFailed = new("linked-transfer-failed");
    public static readonly ErrorCode InvalidField = new("invalid-field");

    public override string ToString() => Value;
}
