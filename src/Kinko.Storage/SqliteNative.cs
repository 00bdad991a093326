using System.Runtime.InteropServices;
using System.Text;

namespace Kinko.Storage;

/// <summary>
/// SQLite's bind functions called directly on a statement's native handle, without a safe-handle
/// reference count and a GC transition per call (together about two thirds of the cost of a bind
/// through SQLitePCL). Only for statements whose handle outlives every call (a prepared insert owned
/// by its <see cref="SqliteBulkWrite{T}"/>); binds never block, so skipping the transition is safe.
/// </summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>One byte whose address stands for an empty value (SQLite reads none of it).</summary>
    private static ReadOnlySpan<byte> NonNullEmpty => [0];

    /// <summary>SQLITE_TRANSIENT: SQLite copies the value before the call returns.</summary>
    private static readonly IntPtr Transient = new(-1);

    public static void BindInt64(IntPtr statement, int index, long value) => Check(sqlite3_bind_int64(statement, index, value));

    public static void BindNull(IntPtr statement, int index) => Check(sqlite3_bind_null(statement, index));

    public static void BindText(IntPtr statement, int index, string? value)
    {
        if (value is null)
        {
            BindNull(statement, index);
            return;
        }

        // UTF-8, the database's encoding, so SQLite need not translate it when it builds the row.
        Span<byte> utf8 = value.Length <= 256 ? stackalloc byte[value.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var length = Encoding.UTF8.GetBytes(value, utf8);

        // An empty text still needs a non-null pointer (a zero-size stackalloc may be null), or SQLite stores NULL.
        ReadOnlySpan<byte> bytes = length == 0 ? NonNullEmpty : utf8[..length];
        Check(sqlite3_bind_text(statement, index, ref MemoryMarshal.GetReference(bytes), length, Transient));
    }

    public static void BindBlob(IntPtr statement, int index, byte[] value)
    {
        // A zero-length array still needs a non-null pointer, or SQLite stores NULL.
        ReadOnlySpan<byte> bytes = value.Length == 0 ? NonNullEmpty : value;
        Check(sqlite3_bind_blob(statement, index, ref MemoryMarshal.GetReference(bytes), value.Length, Transient));
    }

    private static void Check(int rc)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"binding an insert's parameter failed (SQLite error {rc})");
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int sqlite3_bind_null(IntPtr statement, int index);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int sqlite3_bind_text(IntPtr statement, int index, ref byte text, int bytes, IntPtr destructor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int sqlite3_bind_blob(IntPtr statement, int index, ref byte value, int bytes, IntPtr destructor);
}
