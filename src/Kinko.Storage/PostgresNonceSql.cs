using System.Data.Common;
using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>
/// PostgreSQL's two statements that write API nonces, each over a whole batch in one round trip:
/// the batch arrives as two arrays (<c>unnest</c>), reduced in SQL to each key's largest nonce, so
/// that a key given twice can neither leave the smaller one (an UPDATE takes one joined row, which
/// one undefined) nor fail the upsert.
/// </summary>
internal static class PostgresNonceSql
{
    /// <summary>Raises <c>api_keys.last_nonce</c> (the ledger's commits, with orders); a smaller nonce changes nothing.</summary>
    public const string RaiseApiKeys =
        $"UPDATE api_keys AS k SET last_nonce = v.nonce FROM {LargestPerKey} AS v WHERE k.key_id = v.key_id AND k.last_nonce < v.nonce";

    /// <summary>Stores the nonce recorder's nonces in <c>api_nonces</c>, never moving one back.</summary>
    public const string UpsertRecorded =
        $"INSERT INTO api_nonces (key_id, last_nonce) SELECT key_id, nonce FROM {LargestPerKey} AS v " +
        "ON CONFLICT (key_id) DO UPDATE SET last_nonce = GREATEST(api_nonces.last_nonce, EXCLUDED.last_nonce)";

    private const string LargestPerKey =
        "(SELECT key_id, max(nonce) AS nonce FROM unnest(@keys::text[], @nonces::bigint[]) AS u(key_id, nonce) GROUP BY key_id)";

    /// <summary>Runs <paramref name="sql"/> (one of the statements above) over <paramref name="nonces"/> on <paramref name="command"/>.</summary>
    public static void Execute(DbCommand command, string sql, IReadOnlyList<ApiNonce> nonces)
    {
        command.CommandText = sql;
        Sql.AddParameter(command, "@keys", nonces.Select(n => n.KeyId).ToArray());
        Sql.AddParameter(command, "@nonces", nonces.Select(n => n.Nonce).ToArray());
        command.ExecuteNonQuery();
    }
}
