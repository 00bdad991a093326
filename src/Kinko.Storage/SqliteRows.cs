using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>How the ledger's rows (transfers, journal records, events, history entries) bind to SQLite's INSERTs (see <see cref="SqliteBulkWrite{T}"/>).</summary>
internal static class SqliteRows
{
    public static readonly string[] JournalColumns = ["sequence", "recorded_at_us", "payload"];

    public static readonly string[] EventColumns = ["seq", "stream", "id", "at_us", "payload"];

    public static readonly string[] StreamEntryColumns = ["stream", "bucket", "first_seq", "last_seq", "min_id", "max_id"];

    public static readonly string[] AccountEntryColumns = ["bucket", "account_id", "positions"];

    public static void BindAccountEntry(IntPtr s, int first, AccountEntry e)
    {
        SqliteNative.BindInt64(s, first, e.Bucket);
        SqliteNative.BindInt64(s, first + 1, e.AccountId);
        SqliteNative.BindBlob(s, first + 2, e.Positions);
    }

    public static void BindEvent(IntPtr s, int first, LoggedEvent logged)
    {
        var e = logged.Event;
        SqliteNative.BindInt64(s, first, logged.Seq);
        SqliteNative.BindText(s, first + 1, e.Stream);
        SqliteNative.BindInt64(s, first + 2, e.Id);
        SqliteNative.BindInt64(s, first + 3, TransferColumns.ToMicroseconds(e.At));
        SqliteNative.BindBlob(s, first + 4, e.Payload);
    }

    /// <summary>An API key's nonce: key, then nonce.</summary>
    public static void BindNonce(IntPtr s, int first, ApiNonce n)
    {
        SqliteNative.BindText(s, first, n.KeyId);
        SqliteNative.BindInt64(s, first + 1, n.Nonce);
    }

    public static void BindStreamEntry(IntPtr s, int first, StreamEntry e)
    {
        SqliteNative.BindText(s, first, e.Stream);
        SqliteNative.BindInt64(s, first + 1, e.Bucket);
        SqliteNative.BindInt64(s, first + 2, e.Range.FirstSeq);
        SqliteNative.BindInt64(s, first + 3, e.Range.LastSeq);
        SqliteNative.BindInt64(s, first + 4, e.Range.MinId);
        SqliteNative.BindInt64(s, first + 5, e.Range.MaxId);
    }

    public static void BindTransfer(IntPtr s, int first, Transfer t)
    {
        SqliteNative.BindInt64(s, first, t.Position.Value);
        SqliteNative.BindText(s, first + 1, t.Key);
        SqliteNative.BindInt64(s, first + 2, (int)t.Kind);
        SqliteNative.BindInt64(s, first + 3, t.Debit.Value);
        SqliteNative.BindInt64(s, first + 4, t.Credit.Value);
        SqliteNative.BindText(s, first + 5, t.Asset);
        SqliteNative.BindInt64(s, first + 6, t.Amount);
        SqliteNative.BindText(s, first + 7, t.PendingKey);
        SqliteNative.BindText(s, first + 8, t.Reference);
        SqliteNative.BindInt64(s, first + 9, TransferColumns.ToMicroseconds(t.Timestamp));
        Bind(s, first + 10, t.DebitBalanceAfter);
        Bind(s, first + 14, t.CreditBalanceAfter);
    }

    public static void BindJournal(IntPtr s, int first, JournalRecord r)
    {
        SqliteNative.BindInt64(s, first, r.Sequence);
        SqliteNative.BindInt64(s, first + 1, TransferColumns.ToMicroseconds(r.RecordedAt));
        SqliteNative.BindBlob(s, first + 2, r.Payload);
    }

    private static void Bind(IntPtr s, int first, AccountBalance b)
    {
        SqliteNative.BindInt64(s, first, b.DebitsPending);
        SqliteNative.BindInt64(s, first + 1, b.DebitsPosted);
        SqliteNative.BindInt64(s, first + 2, b.CreditsPending);
        SqliteNative.BindInt64(s, first + 3, b.CreditsPosted);
    }
}
