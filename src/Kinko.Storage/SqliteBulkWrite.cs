using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinko.Storage;

/// <summary>
/// The hot path of appends on SQLite: prepared statements bound directly through SQLite's own API
/// (<see cref="SqliteNative"/>: a small fraction of the cost of ADO.NET parameters). INSERTs take
/// <see cref="RowsPerStatement"/> rows per statement where the batch allows; other statements
/// (<see cref="RowByRow"/>) run once per row. Runs inside the caller's transaction.
/// </summary>
/// <typeparam name="T">What one row is made from.</typeparam>
internal sealed class SqliteBulkWrite<T> : IDisposable
{
    /// <summary>Rows in one multi-row INSERT (kept well under SQLite's parameter limit).</summary>
    public const int RowsPerStatement = 32;

    private readonly sqlite3 _db;
    private readonly string _what;
    private readonly int _parametersPerRow;
    private readonly Action<IntPtr, int, T> _bind;
    private readonly sqlite3_stmt _single;
    private readonly sqlite3_stmt? _block;
    private readonly IntPtr _singleHandle;
    private readonly IntPtr _blockHandle;
    private bool _disposed;

    /// <summary>Multi-row INSERTs into <paramref name="table"/>.</summary>
    /// <param name="bind">Binds one row's values starting at the given (1-based) parameter index.</param>
    /// <param name="onConflict">An upsert clause (<c>ON CONFLICT …</c>) to end each statement with, if any.</param>
    public SqliteBulkWrite(SqliteConnection connection, string table, string[] columns, Action<IntPtr, int, T> bind, string onConflict = "")
        : this(connection, $"inserting into {table}", columns.Length, bind, rows => InsertSql(table, columns, rows, onConflict), blocks: true)
    {
    }

    private SqliteBulkWrite(SqliteConnection connection, string what, int parametersPerRow, Action<IntPtr, int, T> bind, Func<int, string> sqlFor, bool blocks)
    {
        _db = connection.Handle!;
        _what = what;
        _parametersPerRow = parametersPerRow;
        _bind = bind;
        _single = Prepare(sqlFor(1));
        try
        {
            _block = blocks ? Prepare(sqlFor(RowsPerStatement)) : null;
        }
        catch
        {
            _single.Dispose();
            throw;
        }

        // The raw handles are bound through directly (SqliteNative): hold a reference so that they stay valid until Dispose.
        var added = false;
        _single.DangerousAddRef(ref added);
        _singleHandle = _single.DangerousGetHandle();
        if (_block is not null)
        {
            added = false;
            _block.DangerousAddRef(ref added);
            _blockHandle = _block.DangerousGetHandle();
        }
    }

    /// <summary>One statement (<paramref name="sql"/>, its parameters those of one row) run once per row.</summary>
    public static SqliteBulkWrite<T> RowByRow(SqliteConnection connection, string what, string sql, Action<IntPtr, int, T> bind) =>
        new(connection, what, parametersPerRow: 0, bind, _ => sql, blocks: false);

    public void Write(IReadOnlyList<T> rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var i = 0;
        for (; _block is not null && i + RowsPerStatement <= rows.Count; i += RowsPerStatement)
        {
            for (var row = 0; row < RowsPerStatement; row++)
            {
                _bind(_blockHandle, (row * _parametersPerRow) + 1, rows[i + row]);
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
        _block?.DangerousRelease();
        _single.Dispose();
        _block?.Dispose();
    }

    private void Step(sqlite3_stmt statement, int firstRow)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException($"{_what} (row {firstRow} of the batch) failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }

    private static string InsertSql(string table, string[] columns, int rows, string onConflict)
    {
        var row = $"({string.Join(", ", columns.Select(_ => "?"))})";
        return $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", Enumerable.Repeat(row, rows))} {onConflict}";
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"preparing the statement for {_what} failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }

        return statement;
    }
}
