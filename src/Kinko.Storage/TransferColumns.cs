using System.Data.Common;
using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Storage;

/// <summary>The transfers table's columns, in one order, and how a row maps to a <see cref="Transfer"/>.</summary>
internal static class TransferColumns
{
    public static readonly string[] Names =
    [
        "position", "key", "kind", "debit_account", "credit_account", "asset", "amount", "pending_key", "reference",
        "created_at_us", "dr_debits_pending", "dr_debits_posted", "dr_credits_pending", "dr_credits_posted",
        "cr_debits_pending", "cr_debits_posted", "cr_credits_pending", "cr_credits_posted",
    ];

    public static readonly string List = string.Join(", ", Names);

    public static Transfer Read(DbDataReader r) => new(
        new LedgerPosition(r.GetInt64(0)),
        r.GetString(1),
        (TransferKind)r.GetInt32(2),
        new AccountId(r.GetInt64(3)),
        new AccountId(r.GetInt64(4)),
        r.GetString(5),
        r.GetInt64(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        FromMicroseconds(r.GetInt64(9)),
        new AccountBalance(r.GetInt64(10), r.GetInt64(11), r.GetInt64(12), r.GetInt64(13)),
        new AccountBalance(r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt64(17)));

    /// <summary>The row's values in column order.</summary>
    public static void Values(Transfer t, Span<object?> values)
    {
        values[0] = t.Position.Value;
        values[1] = t.Key;
        values[2] = (int)t.Kind;
        values[3] = t.Debit.Value;
        values[4] = t.Credit.Value;
        values[5] = t.Asset;
        values[6] = t.Amount;
        values[7] = t.PendingKey;
        values[8] = t.Reference;
        values[9] = ToMicroseconds(t.Timestamp);
        values[10] = t.DebitBalanceAfter.DebitsPending;
        values[11] = t.DebitBalanceAfter.DebitsPosted;
        values[12] = t.DebitBalanceAfter.CreditsPending;
        values[13] = t.DebitBalanceAfter.CreditsPosted;
        values[14] = t.CreditBalanceAfter.DebitsPending;
        values[15] = t.CreditBalanceAfter.DebitsPosted;
        values[16] = t.CreditBalanceAfter.CreditsPending;
        values[17] = t.CreditBalanceAfter.CreditsPosted;
    }

    public static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * 10), TimeSpan.Zero);
}
