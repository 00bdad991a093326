using System.Data.Common;

namespace Kinko.Storage;

/// <summary>One row of the append-only admin audit log (time in Unix microseconds, details as JSON).</summary>
public sealed record AuditEntry(long Id, long AtUs, string Actor, string Action, string Details);

/// <summary>The append-only <c>admin_audit</c> table: rows are added, never changed (the database refuses updates and deletes).</summary>
public sealed class SqlAdminAudit(SqlLedgerStore store, TimeProvider time)
{
    /// <summary>Most rows one read returns.</summary>
    public const int MaxPage = 1_000;

    public void Append(string actor, string action, string details)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO admin_audit (at_us, actor, action, details) VALUES (@at, @actor, @action, @details)";
        Sql.AddParameter(command, "@at", TransferColumns.ToMicroseconds(time.GetUtcNow()));
        Sql.AddParameter(command, "@actor", actor);
        Sql.AddParameter(command, "@action", action);
        Sql.AddParameter(command, "@details", details);
        command.ExecuteNonQuery();
    }

    /// <summary>The last <paramref name="limit"/> rows (at most <see cref="MaxPage"/>), oldest first.</summary>
    public IReadOnlyList<AuditEntry> Latest(int limit)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at_us, actor, action, details FROM admin_audit ORDER BY id DESC LIMIT @limit";
        Sql.AddParameter(command, "@limit", Math.Clamp(limit, 1, MaxPage));
        var rows = Sql.ReadAll(command, Read);
        rows.Reverse();
        return rows;
    }

    private static AuditEntry Read(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4));
}
