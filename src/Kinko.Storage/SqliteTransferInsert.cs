using Kinko.Ledger;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinko.Storage;

/// <summary>
/// The ledger's hot path on SQLite: one prepared INSERT bound through SQLite's own API, which costs
/// a quarter of going through ADO.NET parameters. Runs inside the caller's transaction.
/// </summary>
internal sealed class SqliteTransferInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteTransferInsert(SqliteConnection connection)
    {
        _db = connection.Handle!;
        var sql = $"INSERT INTO transfers ({TransferColumns.List}) VALUES ({string.Join(", ", TransferColumns.Names.Select(_ => "?"))})";
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public void Insert(Transfer t)
    {
        var s = _statement;
        raw.sqlite3_bind_int64(s, 1, t.Position.Value);
        raw.sqlite3_bind_text(s, 2, t.Key);
        raw.sqlite3_bind_int(s, 3, (int)t.Kind);
        raw.sqlite3_bind_int64(s, 4, t.Debit.Value);
        raw.sqlite3_bind_int64(s, 5, t.Credit.Value);
        raw.sqlite3_bind_text(s, 6, t.Asset);
        raw.sqlite3_bind_int64(s, 7, t.Amount);
        BindText(s, 8, t.PendingKey);
        BindText(s, 9, t.Reference);
        raw.sqlite3_bind_int64(s, 10, TransferColumns.ToMicroseconds(t.Timestamp));
        Bind(s, 11, t.DebitBalanceAfter);
        Bind(s, 15, t.CreditBalanceAfter);
        var rc = raw.sqlite3_step(s);
        raw.sqlite3_reset(s);
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException($"inserting transfer {t.Key} failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }

    public void Dispose() => _statement.Dispose();

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

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"preparing the transfer insert failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }
}
