using Kinko.Ledger;
using SQLitePCL;

namespace Kinko.Storage;

/// <summary>How transfers and journal records bind to SQLite's INSERTs (see <see cref="SqliteBulkInsert{T}"/>).</summary>
internal static class SqliteRows
{
    public static readonly string[] JournalColumns = ["sequence", "recorded_at_us", "payload"];

    public static readonly string[] EventColumns = ["stream", "id", "at_us", "payload"];

    public static void BindEvent(sqlite3_stmt s, int first, StoreEvent e)
    {
        raw.sqlite3_bind_text16(s, first, e.Stream.AsSpan());
        raw.sqlite3_bind_int64(s, first + 1, e.Id);
        raw.sqlite3_bind_int64(s, first + 2, TransferColumns.ToMicroseconds(e.At));
        raw.sqlite3_bind_blob(s, first + 3, e.Payload);
    }

    public static void BindTransfer(sqlite3_stmt s, int first, Transfer t)
    {
        raw.sqlite3_bind_int64(s, first, t.Position.Value);
        raw.sqlite3_bind_text16(s, first + 1, t.Key.AsSpan());
        raw.sqlite3_bind_int(s, first + 2, (int)t.Kind);
        raw.sqlite3_bind_int64(s, first + 3, t.Debit.Value);
        raw.sqlite3_bind_int64(s, first + 4, t.Credit.Value);
        raw.sqlite3_bind_text16(s, first + 5, t.Asset.AsSpan());
        raw.sqlite3_bind_int64(s, first + 6, t.Amount);
        BindText(s, first + 7, t.PendingKey);
        BindText(s, first + 8, t.Reference);
        raw.sqlite3_bind_int64(s, first + 9, TransferColumns.ToMicroseconds(t.Timestamp));
        Bind(s, first + 10, t.DebitBalanceAfter);
        Bind(s, first + 14, t.CreditBalanceAfter);
    }

    public static void BindJournal(sqlite3_stmt s, int first, JournalRecord r)
    {
        raw.sqlite3_bind_int64(s, first, r.Sequence);
        raw.sqlite3_bind_int64(s, first + 1, TransferColumns.ToMicroseconds(r.RecordedAt));
        raw.sqlite3_bind_blob(s, first + 2, r.Payload);
    }

    private static void Bind(sqlite3_stmt s, int first, AccountBalance b)
    {
        raw.sqlite3_bind_int64(s, first, b.DebitsPending);
        raw.sqlite3_bind_int64(s, first + 1, b.DebitsPosted);
        raw.sqlite3_bind_int64(s, first + 2, b.CreditsPending);
        raw.sqlite3_bind_int64(s, first + 3, b.CreditsPosted);
    }

    private static void BindText(sqlite3_stmt s, int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(s, index);
        }
        else
        {
            raw.sqlite3_bind_text(s, index, value);
        }
    }
}
