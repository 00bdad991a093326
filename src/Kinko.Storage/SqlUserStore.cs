using System.Data.Common;
using System.Globalization;

namespace Kinko.Storage;

/// <summary>Who signs in: a customer (table <c>users</c>) or an operator of the admin API (table <c>operators</c>).</summary>
public enum PrincipalKind
{
    User = 1,
    Operator = 2,
}

/// <summary>A stored user or operator: secrets still hashed or sealed; times in Unix microseconds.</summary>
public sealed record StoredPrincipal(
    PrincipalKind Kind,
    long Id,
    string Email,
    string PasswordHash,
    byte[]? TotpSealed,
    byte[]? TotpPendingSealed,
    long TotpLastStep,
    int FailedLogins,
    long LockedUntilUs,
    long CreatedAtUs);

/// <summary>
/// Users and operators in the ledger's database (SQLite or PostgreSQL), on short-lived connections.
/// Every change that must not race (a unique email, a failed-login count, a TOTP step) is one statement.
/// </summary>
public sealed class SqlUserStore(SqlLedgerStore store, TimeProvider time)
{
    private const string Columns =
        "id, email, password_hash, totp_sealed, totp_pending_sealed, totp_last_step, failed_logins, locked_until_us, created_at_us";

    /// <summary>
    /// Inserts a principal unless its email key is taken (then null). <paramref name="sealTotp"/>, given the
    /// new id, returns the sealed TOTP secret to store with it in the same transaction (operators need one).
    /// </summary>
    public long? Insert(PrincipalKind kind, string email, string emailKey, string passwordHash, Func<long, byte[]>? sealTotp = null)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var (roleColumn, roleValue) = kind == PrincipalKind.Operator ? (", role", ", 'admin'") : ("", "");
        command.CommandText =
            $"INSERT INTO {Table(kind)} (email, email_key, password_hash, created_at_us{roleColumn}) VALUES (@email, @key, @hash, @at{roleValue}) " +
            "ON CONFLICT (email_key) DO NOTHING RETURNING id";
        Sql.AddParameter(command, "@email", email);
        Sql.AddParameter(command, "@key", emailKey);
        Sql.AddParameter(command, "@hash", passwordHash);
        Sql.AddParameter(command, "@at", Now());
        var result = command.ExecuteScalar();
        if (result is null or DBNull)
        {
            return null;
        }

        var id = Convert.ToInt64(result, CultureInfo.InvariantCulture);
        if (sealTotp is not null)
        {
            using var totp = connection.CreateCommand();
            totp.Transaction = transaction;
            totp.CommandText = $"UPDATE {Table(kind)} SET totp_sealed = @sealed WHERE id = @id";
            Sql.AddParameter(totp, "@sealed", sealTotp(id));
            Sql.AddParameter(totp, "@id", id);
            totp.ExecuteNonQuery();
        }

        transaction.Commit();
        return id;
    }

    public StoredPrincipal? FindByEmail(PrincipalKind kind, string emailKey) => FindOne(kind, "email_key = @value", emailKey);

    public StoredPrincipal? Find(PrincipalKind kind, long id) => FindOne(kind, "id = @value", id);

    /// <summary>Up to <paramref name="limit"/> principals with ids above <paramref name="afterId"/>, in id order.</summary>
    public IReadOnlyList<StoredPrincipal> List(PrincipalKind kind, long afterId, int limit)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {Table(kind)} WHERE id > @after ORDER BY id LIMIT @limit";
        Sql.AddParameter(command, "@after", afterId);
        Sql.AddParameter(command, "@limit", limit);
        return Sql.ReadAll(command, reader => Read(kind, reader));
    }

    /// <summary>
    /// Counts a failed login in one statement; the <paramref name="maxFailures"/>-th locks the principal until
    /// <paramref name="lockedUntilUs"/> and starts the count again. Returns the lock's end (0 when not locked).
    /// </summary>
    public long RecordFailure(PrincipalKind kind, long id, int maxFailures, long lockedUntilUs)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"UPDATE {Table(kind)} SET " +
            "failed_logins = CASE WHEN failed_logins + 1 >= @max THEN 0 ELSE failed_logins + 1 END, " +
            "locked_until_us = CASE WHEN failed_logins + 1 >= @max THEN @until ELSE locked_until_us END " +
            "WHERE id = @id RETURNING locked_until_us";
        Sql.AddParameter(command, "@max", maxFailures);
        Sql.AddParameter(command, "@until", lockedUntilUs);
        Sql.AddParameter(command, "@id", id);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// After a good login: the failure count starts again, and a new password hash replaces the old
    /// one if given, but only while the hash is still <paramref name="checkedPasswordHash"/>, the one
    /// the password was checked against; false (nothing changed) if a password change came in between.
    /// </summary>
    public bool RecordSuccess(PrincipalKind kind, long id, string checkedPasswordHash, string? newPasswordHash)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE {Table(kind)} SET failed_logins = 0, password_hash = COALESCE(@hash, password_hash) WHERE id = @id AND password_hash = @checked";
        Sql.AddParameter(command, "@hash", newPasswordHash);
        Sql.AddParameter(command, "@id", id);
        Sql.AddParameter(command, "@checked", checkedPasswordHash);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>
    /// Replaces the password hash and ends every session of the principal but the one with
    /// <paramref name="keepSessionHash"/>, in one transaction; the failure count starts again.
    /// </summary>
    public void ChangePassword(PrincipalKind kind, long id, string passwordHash, string? keepSessionHash)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Sql.Execute(connection, transaction, $"UPDATE {Table(kind)} SET password_hash = @hash, failed_logins = 0 WHERE id = @id", ("@hash", passwordHash), ("@id", id));
        Sql.Execute(connection, transaction, "DELETE FROM sessions WHERE principal_kind = @kind AND principal_id = @id AND token_hash <> @keep",
            ("@kind", (int)kind), ("@id", id), ("@keep", keepSessionHash ?? ""));
        transaction.Commit();
    }

    /// <summary>Keeps a newly enrolled TOTP secret (sealed) until a code confirms it; replaces an earlier unconfirmed one.</summary>
    public void SetPendingTotp(PrincipalKind kind, long id, byte[] totpSealed) =>
        Update(kind, id, "totp_pending_sealed = @value WHERE id = @id AND totp_sealed IS NULL", totpSealed);

    /// <summary>
    /// Replaces the pending secret by the active one (sealed under its own purpose), recording the step whose
    /// code confirmed it, and stores the recovery codes' hashes, in one transaction; false (and nothing
    /// stored) if nothing was pending or a secret is already active.
    /// </summary>
    public bool ConfirmTotp(PrincipalKind kind, long id, long step, byte[] activeSealed, IReadOnlyList<string> recoveryCodeHashes)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var confirmed = Sql.Execute(
            connection,
            transaction,
            $"UPDATE {Table(kind)} SET totp_sealed = @sealed, totp_pending_sealed = NULL, totp_last_step = @step " +
            "WHERE id = @id AND totp_pending_sealed IS NOT NULL AND totp_sealed IS NULL",
            ("@sealed", activeSealed), ("@step", step), ("@id", id));
        if (confirmed != 1)
        {
            return false;
        }

        SqlRecoveryCodes.Replace(connection, transaction, kind, id, recoveryCodeHashes);
        transaction.Commit();
        return true;
    }

    /// <summary>Records <paramref name="step"/> as used if it is later than the last used one, atomically; false otherwise.</summary>
    public bool UseTotpStep(PrincipalKind kind, long id, long step) =>
        Update(kind, id, "totp_last_step = @value WHERE id = @id AND totp_last_step < @value", step);

    private bool Update(PrincipalKind kind, long id, string setAndWhere, object value)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE {Table(kind)} SET {setAndWhere}";
        Sql.AddParameter(command, "@value", value);
        Sql.AddParameter(command, "@id", id);
        return command.ExecuteNonQuery() == 1;
    }

    private StoredPrincipal? FindOne(PrincipalKind kind, string condition, object value)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {Table(kind)} WHERE {condition}";
        Sql.AddParameter(command, "@value", value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(kind, reader) : null;
    }

    private long Now() => TransferColumns.ToMicroseconds(time.GetUtcNow());

    internal static string Table(PrincipalKind kind) => kind switch
    {
        PrincipalKind.User => "users",
        PrincipalKind.Operator => "operators",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static StoredPrincipal Read(PrincipalKind kind, DbDataReader r) => new(
        kind,
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.IsDBNull(3) ? null : (byte[])r.GetValue(3),
        r.IsDBNull(4) ? null : (byte[])r.GetValue(4),
        r.GetInt64(5),
        Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture),
        r.GetInt64(7),
        r.GetInt64(8));
}
