using Kinko.Ledger;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinko.Storage;

/// <summary>
/// The ledger's hot path on SQLite: prepared INSERTs bound through SQLite's own API (a quarter of the
/// cost of ADO.NET parameters), <see cref="RowsPerStatement"/> rows per statement where the batch
/// allows. Runs inside the caller's transaction.
/// </summary>
internal sealed class SqliteTransferInsert : IDisposable
{
    /// <summary>Rows in one multi-row INSERT (18 columns each: well under SQLite's parameter limit).</summary>
    public const int RowsPerStatement = 32;

    private static readonly int ColumnCount = TransferColumns.Names.Length;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _single;
    private readonly sqlite3_stmt _block;

    public SqliteTransferInsert(SqliteConnection connection)
    {
        _db = connection.Handle!;
        _single = Prepare(1);
        try
        {
            _block = Prepare(RowsPerStatement);
        }
        catch
        {
            _single.Dispose();
            throw;
        }
    }

    public void Insert(IReadOnlyList<Transfer> transfers)
    {
        var i = 0;
        for (; i + RowsPerStatement <= transfers.Count; i += RowsPerStatement)
        {
            for (var row = 0; row < RowsPerStatement; row++)
            {
                Bind(_block, row * ColumnCount, transfers[i + row]);
            }

            Step(_block, transfers[i].Key);
        }

        for (; i < transfers.Count; i++)
        {
            Bind(_single, 0, transfers[i]);
            Step(_single, transfers[i].Key);
        }
    }

    public void Dispose()
    {
        _single.Dispose();
        _block.Dispose();
    }

    private static void Bind(sqlite3_stmt s, int offset, Transfer t)
    {
        raw.sqlite3_bind_int64(s, offset + 1, t.Position.Value);
        raw.sqlite3_bind_text16(s, offset + 2, t.Key.AsSpan());
        raw.sqlite3_bind_int(s, offset + 3, (int)t.Kind);
        raw.sqlite3_bind_int64(s, offset + 4, t.Debit.Value);
        raw.sqlite3_bind_int64(s, offset + 5, t.Credit.Value);
        raw.sqlite3_bind_text16(s, offset + 6, t.Asset.AsSpan());
        raw.sqlite3_bind_int64(s, offset + 7, t.Amount);
        BindText(s, offset + 8, t.PendingKey);
        BindText(s, offset + 9, t.Reference);
        raw.sqlite3_bind_int64(s, offset + 10, TransferColumns.ToMicroseconds(t.Timestamp));
        Bind(s, offset + 11, t.DebitBalanceAfter);
        Bind(s, offset + 15, t.CreditBalanceAfter);
    }

    private void Step(sqlite3_stmt statement, string firstKey)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException($"inserting transfers from {firstKey} failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }

    private sqlite3_stmt Prepare(int rows)
    {
        var row = $"({string.Join(", ", TransferColumns.Names.Select(_ => "?"))})";
        var sql = $"INSERT INTO transfers ({TransferColumns.List}) VALUES {string.Join(", ", Enumerable.Repeat(row, rows))}";
        Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
        return statement;
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

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"preparing the transfer insert failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }
}
