namespace Kinko.Storage;

/// <summary>Sessions of users (web cookie) and operators (admin bearer token): only the token's SHA-256 is stored.</summary>
public sealed class SqlSessionStore(SqlLedgerStore store)
{
    /// <summary>
    /// Stores a session, but only while the principal's password hash is still <paramref name="passwordHash"/>;
    /// false (nothing stored) if it changed. The check locks the principal's row, which orders it
    /// against a password change: one that commits first fails the check, one that commits after
    /// ends this session with the principal's others.
    /// </summary>
    public bool Insert(string tokenHash, PrincipalKind kind, long principalId, string passwordHash, long createdAtUs, long expiresAtUs)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        if (Sql.Execute(connection, transaction, $"UPDATE {SqlUserStore.Table(kind)} SET password_hash = password_hash WHERE id = @id AND password_hash = @password",
                ("@id", principalId), ("@password", passwordHash)) == 0)
        {
            return false;
        }

        Sql.Execute(
            connection,
            transaction,
            "INSERT INTO sessions (token_hash, principal_kind, principal_id, created_at_us, expires_at_us) VALUES (@hash, @kind, @id, @at, @until)",
            ("@hash", tokenHash), ("@kind", (int)kind), ("@id", principalId), ("@at", createdAtUs), ("@until", expiresAtUs));
        transaction.Commit();
        return true;
    }

    /// <summary>The principal of a session of <paramref name="kind"/> that has not expired at <paramref name="nowUs"/>; else null.</summary>
    public long? Find(string tokenHash, PrincipalKind kind, long nowUs)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT principal_id FROM sessions WHERE token_hash = @hash AND principal_kind = @kind AND expires_at_us > @now";
        Sql.AddParameter(command, "@hash", tokenHash);
        Sql.AddParameter(command, "@kind", (int)kind);
        Sql.AddParameter(command, "@now", nowUs);
        return command.ExecuteScalar() is { } id and not DBNull ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Ends a session; also drops every expired session of the same principal (sessions never pile up).</summary>
    public bool Delete(string tokenHash, long nowUs)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sessions WHERE token_hash = @hash OR expires_at_us <= @now";
        Sql.AddParameter(command, "@hash", tokenHash);
        Sql.AddParameter(command, "@now", nowUs);
        return command.ExecuteNonQuery() > 0;
    }
}
