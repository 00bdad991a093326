using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>
/// API keys' last nonces written on their own, on PostgreSQL: the table <c>api_nonces</c>, apart from
/// <c>api_keys.last_nonce</c>, which the ledger's commits raise with orders. So the nonce recorder's
/// transactions and the ledger's commits never wait for each other's rows. One statement per batch.
/// </summary>
public sealed class PostgresNonceTable(SqlLedgerStore store) : INonceStore
{
    public long LastNonce(string keyId)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_nonce FROM api_nonces WHERE key_id = @key";
        Sql.AddParameter(command, "@key", keyId);
        return command.ExecuteScalar() is long last ? last : 0;
    }

    public void AdvanceNonces(IReadOnlyList<ApiNonce> nonces)
    {
        ArgumentNullException.ThrowIfNull(nonces);
        var largest = SqlApiKeyStore.LargestByKey(nonces); // one row per key: an upsert may not touch a row twice
        if (largest.Count == 0)
        {
            return;
        }

        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO api_nonces (key_id, last_nonce) SELECT * FROM unnest(@keys::text[], @nonces::bigint[]) " +
            "ON CONFLICT (key_id) DO UPDATE SET last_nonce = GREATEST(api_nonces.last_nonce, EXCLUDED.last_nonce)";
        Sql.AddParameter(command, "@keys", largest.Select(n => n.KeyId).ToArray());
        Sql.AddParameter(command, "@nonces", largest.Select(n => n.Nonce).ToArray());
        command.ExecuteNonQuery();
    }
}
