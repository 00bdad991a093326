using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>
/// One transfer a caller asks for. <see cref="Key"/> is the idempotency key, unique forever.
/// For <see cref="TransferKind.PostPending"/> and <see cref="TransferKind.VoidPending"/>,
/// <see cref="PendingKey"/> names the pending transfer; accounts and asset may then be left
/// empty (they are the pending transfer's), and <see cref="Amount"/> 0 posts the whole amount.
/// </summary>
public sealed record TransferRequest(
    string Key,
    TransferKind Kind,
    AccountId Debit,
    AccountId Credit,
    string Asset,
    long Amount,
    string? PendingKey = null,
    string? Reference = null)
{
    public const int MaxKeyLength = 128;
    public const int MaxReferenceLength = 256;

    public static TransferRequest Post(string key, AccountId debit, AccountId credit, string asset, long amount, string? reference = null) =>
        new(key, TransferKind.Posted, debit, credit, asset, amount, null, reference);

    public static TransferRequest Hold(string key, AccountId debit, AccountId credit, string asset, long amount, string? reference = null) =>
        new(key, TransferKind.Pending, debit, credit, asset, amount, null, reference);

    public static TransferRequest PostHold(string key, string pendingKey, long amount = 0, string? reference = null) =>
        new(key, TransferKind.PostPending, default, default, "", amount, pendingKey, reference);

    public static TransferRequest VoidHold(string key, string pendingKey, string? reference = null) =>
        new(key, TransferKind.VoidPending, default, default, "", 0, pendingKey, reference);
}
