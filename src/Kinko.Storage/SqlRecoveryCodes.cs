using System.Data.Common;
using System.Globalization;

namespace Kinko.Storage;

/// <summary>Two-factor recovery codes (table <c>recovery_codes</c>): SHA-256 hashes, each used at most once.</summary>
public sealed class SqlRecoveryCodes(SqlLedgerStore store, TimeProvider time)
{
    /// <summary>Replaces a principal's codes by <paramref name="codeHashes"/> in <paramref name="transaction"/> (the caller's, so that it goes with the change that asks for it).</summary>
    public static void Replace(DbConnection connection, DbTransaction transaction, PrincipalKind kind, long id, IReadOnlyList<string> codeHashes)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(codeHashes);
        Sql.Execute(connection, transaction, "DELETE FROM recovery_codes WHERE principal_kind = @kind AND principal_id = @id", ("@kind", (int)kind), ("@id", id));
        foreach (var hash in codeHashes)
        {
            Sql.Execute(connection, transaction, "INSERT INTO recovery_codes (principal_kind, principal_id, code_hash) VALUES (@kind, @id, @hash)",
                ("@kind", (int)kind), ("@id", id), ("@hash", hash));
        }
    }

    /// <summary>Replaces a principal's codes in a transaction of its own.</summary>
    public void Replace(PrincipalKind kind, long id, IReadOnlyList<string> codeHashes)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Replace(connection, transaction, kind, id, codeHashes);
        transaction.Commit();
    }

    /// <summary>Marks the code with this hash used, in one statement; false when there is none or it was used.</summary>
    public bool Use(PrincipalKind kind, long id, string codeHash)
    {
        using var connection = store.OpenConnection();
        return Sql.Execute(
            connection,
            null,
            "UPDATE recovery_codes SET used_at_us = @now WHERE principal_kind = @kind AND principal_id = @id AND code_hash = @hash AND used_at_us IS NULL",
            ("@now", TransferColumns.ToMicroseconds(time.GetUtcNow())), ("@kind", (int)kind), ("@id", id), ("@hash", codeHash)) == 1;
    }

    /// <summary>How many of a principal's codes are still unused.</summary>
    public int Left(PrincipalKind kind, long id)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM recovery_codes WHERE principal_kind = @kind AND principal_id = @id AND used_at_us IS NULL";
        Sql.AddParameter(command, "@kind", (int)kind);
        Sql.AddParameter(command, "@id", id);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
