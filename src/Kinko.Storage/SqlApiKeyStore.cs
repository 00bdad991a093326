using System.Data.Common;
using System.Globalization;
using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>A stored API key: its secret still sealed.</summary>
public sealed record StoredApiKey(string KeyId, long UserId, byte[] SecretSealed, IReadOnlyList<string> Permissions, IReadOnlyList<string>? IpAllowList, bool Enabled, long LastNonce);

/// <summary>
/// API keys in the ledger's database (SQLite or PostgreSQL), on their own short-lived connections.
/// <c>last_nonce</c> holds the nonces that the ledger's commits wrote with orders; those the nonce
/// recorder writes on their own are in <see cref="SqliteNonceFile"/> or <see cref="PostgresNonceTable"/>.
/// </summary>
public sealed class SqlApiKeyStore(SqlLedgerStore store, TimeProvider time)
{
    public void Insert(StoredApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO api_keys (key_id, user_id, secret_sealed, permissions, ip_allow, enabled, last_nonce, created_at_us) " +
            "VALUES (@key, @user, @secret, @permissions, @ip, @enabled, 0, @at)";
        Sql.AddParameter(command, "@key", key.KeyId);
        Sql.AddParameter(command, "@user", key.UserId);
        Sql.AddParameter(command, "@secret", key.SecretSealed);
        Sql.AddParameter(command, "@permissions", string.Join(',', key.Permissions));
        Sql.AddParameter(command, "@ip", key.IpAllowList is null ? null : string.Join(',', key.IpAllowList));
        Sql.AddParameter(command, "@enabled", key.Enabled ? 1 : 0);
        Sql.AddParameter(command, "@at", TransferColumns.ToMicroseconds(time.GetUtcNow()));
        command.ExecuteNonQuery();
    }

    public StoredApiKey? Find(string keyId)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id, user_id, secret_sealed, permissions, ip_allow, enabled, last_nonce FROM api_keys WHERE key_id = @key";
        Sql.AddParameter(command, "@key", keyId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>A user's keys, oldest first.</summary>
    public IReadOnlyList<StoredApiKey> ListByUser(long userId)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id, user_id, secret_sealed, permissions, ip_allow, enabled, last_nonce FROM api_keys WHERE user_id = @user ORDER BY created_at_us, key_id";
        Sql.AddParameter(command, "@user", userId);
        return Sql.ReadAll(command, Read);
    }

    /// <summary>The last nonce the ledger's commits wrote with the key's orders (0 when none).</summary>
    public long LastNonce(string keyId) => Find(keyId)?.LastNonce ?? 0;

    public void SetEnabled(string keyId, bool enabled)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET enabled = @enabled WHERE key_id = @key";
        Sql.AddParameter(command, "@key", keyId);
        Sql.AddParameter(command, "@enabled", enabled ? 1 : 0);
        command.ExecuteNonQuery();
    }

    private static StoredApiKey Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetInt64(1),
        (byte[])r.GetValue(2),
        r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
        r.IsDBNull(4) ? null : r.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries),
        Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture) == 1,
        r.GetInt64(6));
}
