using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinko.Storage;

/// <summary>
/// The hot path of appends on SQLite: prepared INSERTs bound directly through SQLite's own API
/// (<see cref="SqliteNative"/>: a small fraction of the cost of ADO.NET parameters),
/// <see cref="RowsPerStatement"/> rows per statement where the batch allows. Runs inside the
/// caller's transaction.
/// </summary>
/// <typeparam name="T">What one row is made from.</typeparam>
internal sealed class SqliteBulkInsert<T> : IDisposable
{
    /// <summary>Rows in one multi-row INSERT (kept well under SQLite's parameter limit).</summary>
    public const int RowsPerStatement = 32;

    private readonly sqlite3 _db;
    private readonly string _table;
    private readonly string[] _columns;
    private readonly Action<IntPtr, int, T> _bind;
    private readonly string _onConflict;
    private readonly sqlite3_stmt _single;
    private readonly sqlite3_stmt _block;
    private readonly IntPtr _singleHandle;
    private readonly IntPtr _blockHandle;
    private bool _disposed;

    /// <param name="bind">Binds one row's values starting at the given (1-based) parameter index.</param>
    /// <param name="onConflict">An upsert clause (<c>ON CONFLICT …</c>) to end each statement with, if any.</param>
    public SqliteBulkInsert(SqliteConnection connection, string table, string[] columns, Action<IntPtr, int, T> bind, string onConflict = "")
    {
        _db = connection.Handle!;
        _table = table;
        _columns = columns;
        _bind = bind;
        _onConflict = onConflict;
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

        // The raw handles are bound through directly (SqliteNative): hold a reference so that they stay valid until Dispose.
        var added = false;
        _single.DangerousAddRef(ref added);
        added = false;
        _block.DangerousAddRef(ref added);
        _singleHandle = _single.DangerousGetHandle();
        _blockHandle = _block.DangerousGetHandle();
    }

    public void Insert(IReadOnlyList<T> rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var i = 0;
        for (; i + RowsPerStatement <= rows.Count; i += RowsPerStatement)
        {
            for (var row = 0; row < RowsPerStatement; row++)
            {
                _bind(_blockHandle, (row * _columns.Length) + 1, rows[i + row]);
            }

            Step(_block, i);
        }

        for (; i < rows.Count; i++)
        {
            _bind(_singleHandle, 1, rows[i]);
            Step(_single, i);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _single.DangerousRelease();
        _block.DangerousRelease();
        _single.Dispose();
        _block.Dispose();
    }

    private void Step(sqlite3_stmt statement, int firstRow)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException($"inserting into {_table} (row {firstRow} of the batch) failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }

    private sqlite3_stmt Prepare(int rows)
    {
        var row = $"({string.Join(", ", _columns.Select(_ => "?"))})";
        var sql = $"INSERT INTO {_table} ({string.Join(", ", _columns)}) VALUES {string.Join(", ", Enumerable.Repeat(row, rows))} {_onConflict}";
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"preparing the insert into {_table} failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }

        return statement;
    }
}
