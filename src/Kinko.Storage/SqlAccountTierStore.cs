namespace Kinko.Storage;

/// <summary>Rate-limit tiers set by operators, in the ledger's database, on short-lived connections.</summary>
public sealed class SqlAccountTierStore(SqlLedgerStore store, TimeProvider time)
{
    /// <summary>Puts the account in <paramref name="tier"/> (one statement: insert or replace).</summary>
    public void Set(long userId, string tier)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO account_tiers (user_id, tier, set_at_us) VALUES (@user, @tier, @at) " +
            "ON CONFLICT (user_id) DO UPDATE SET tier = excluded.tier, set_at_us = excluded.set_at_us";
        Sql.AddParameter(command, "@user", userId);
        Sql.AddParameter(command, "@tier", tier);
        Sql.AddParameter(command, "@at", TransferColumns.ToMicroseconds(time.GetUtcNow()));
        command.ExecuteNonQuery();
    }

    public IReadOnlyDictionary<long, string> All()
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id, tier FROM account_tiers";
        return Sql.ReadAll(command, reader => (UserId: reader.GetInt64(0), Tier: reader.GetString(1))).ToDictionary(t => t.UserId, t => t.Tier);
    }
}
