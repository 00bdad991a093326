using System.Data.Common;

namespace Kinko.Storage;

/// <summary>A customer's registered bank account (spec §6.13).</summary>
public sealed record BankAccount(long Id, long UserId, string BankName, string BranchName, string AccountType, string Number, string HolderName);

/// <summary>Bank accounts in the ledger's database (SQLite or PostgreSQL), on their own short-lived connections.</summary>
public sealed class SqlBankAccountStore(SqlLedgerStore store, TimeProvider time)
{
    /// <summary>
    /// Inserts one at a time: on PostgreSQL (read committed) two concurrent count-then-insert
    /// statements could both see room; this process is the only writer of the store.
    /// </summary>
    private readonly Lock _inserting = new();

    /// <summary>Stores a new account and returns it with its id; null when the user already has <paramref name="maxPerUser"/>.</summary>
    public BankAccount? Insert(BankAccount account, int maxPerUser)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (_inserting)
        {
            return InsertOne(account, maxPerUser);
        }
    }

    private BankAccount? InsertOne(BankAccount account, int maxPerUser)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO bank_accounts (user_id, bank_name, branch_name, account_type, number, holder_name, created_at_us, deleted) " +
            "SELECT @user, @bank, @branch, @type, @number, @holder, @at, 0 " +
            "WHERE (SELECT COUNT(*) FROM bank_accounts WHERE user_id = @user AND deleted = 0) < @max RETURNING id";
        Sql.AddParameter(command, "@user", account.UserId);
        Sql.AddParameter(command, "@bank", account.BankName);
        Sql.AddParameter(command, "@branch", account.BranchName);
        Sql.AddParameter(command, "@type", account.AccountType);
        Sql.AddParameter(command, "@number", account.Number);
        Sql.AddParameter(command, "@holder", account.HolderName);
        Sql.AddParameter(command, "@at", TransferColumns.ToMicroseconds(time.GetUtcNow()));
        Sql.AddParameter(command, "@max", (long)maxPerUser);
        return command.ExecuteScalar() is { } id ? account with { Id = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) } : null;
    }

    /// <summary>The user's accounts, oldest first.</summary>
    public IReadOnlyList<BankAccount> List(long userId)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, user_id, bank_name, branch_name, account_type, number, holder_name FROM bank_accounts WHERE user_id = @user AND deleted = 0 ORDER BY id";
        Sql.AddParameter(command, "@user", userId);
        return Sql.ReadAll(command, Read);
    }

    /// <summary>Marks the user's account deleted; false when it is not theirs or already gone.</summary>
    public bool Delete(long userId, long id)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE bank_accounts SET deleted = 1 WHERE id = @id AND user_id = @user AND deleted = 0";
        Sql.AddParameter(command, "@id", id);
        Sql.AddParameter(command, "@user", userId);
        return command.ExecuteNonQuery() == 1;
    }

    private static BankAccount Read(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6));
}
