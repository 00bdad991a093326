using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>
/// API keys' last nonces written on their own, on PostgreSQL: the table <c>api_nonces</c>, apart from
/// <c>api_keys.last_nonce</c>, which the ledger's commits raise with orders. So the nonce recorder's
/// transactions and the ledger's commits never wait for each other's rows. One statement per batch.
/// </summary>
public sealed class PostgresNonceTable(PostgresLedgerStore store) : INonceStore
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
        if (nonces.Count == 0)
        {
            return;
        }

        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        PostgresNonceSql.Execute(command, PostgresNonceSql.UpsertRecorded, nonces);
    }
}
