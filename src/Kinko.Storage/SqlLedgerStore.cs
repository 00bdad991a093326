using System.Data.Common;
using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Storage;

/// <summary>
/// What the SQLite and PostgreSQL ledger stores share: the same tables and the same SQL for reads.
/// Writes go through <see cref="WriteConnection"/>, owned by the single writer; reads open their own.
/// </summary>
public abstract class SqlLedgerStore : ILedgerStore
{
    /// <summary>Most keys asked for in one lookup statement.</summary>
    protected const int MaxKeysPerLookup = 500;

    private const string SelectTransfers = "SELECT position, key, kind, debit_account, credit_account, asset, amount, pending_key, reference, created_at_us, dr_debits_pending, dr_debits_posted, dr_credits_pending, dr_credits_posted, cr_debits_pending, cr_debits_posted, cr_credits_pending, cr_credits_posted FROM transfers";

    public abstract string Kind { get; }

    /// <summary>The connection the single writer uses (open for the store's life).</summary>
    protected abstract DbConnection WriteConnection { get; }

    /// <summary>A new open connection for a read.</summary>
    protected abstract DbConnection OpenReadConnection();

    public abstract void Append(IReadOnlyList<Transfer> transfers);

    public abstract Account InsertAccount(NewAccount account);

    public LedgerState LoadState()
    {
        var accounts = ReadAccounts(WriteConnection);
        var balances = new Dictionary<AccountId, AccountBalance>();
        foreach (var account in accounts)
        {
            balances[account.Id] = LatestBalance(WriteConnection, account.Id, long.MaxValue);
        }

        var open = QueryTransfers(
            WriteConnection,
            SelectTransfers + " t WHERE kind = 2 AND NOT EXISTS (SELECT 1 FROM transfers c WHERE c.pending_key = t.key) ORDER BY position");
        var last = ScalarLong(WriteConnection, "SELECT COALESCE(MAX(position), 0) FROM transfers");
        var count = ScalarLong(WriteConnection, "SELECT COUNT(*) FROM transfers");
        return new LedgerState(accounts, balances, open, new LedgerPosition(last), count);
    }

    public void ForEachKey(Action<string> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        using var command = WriteConnection.CreateCommand();
        command.CommandText = "SELECT key FROM transfers";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            visit(reader.GetString(0));
        }
    }

    public IReadOnlyDictionary<string, Transfer> FindTransfers(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, Transfer>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(MaxKeysPerLookup))
        {
            using var command = WriteConnection.CreateCommand();
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                names[i] = "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                AddParameter(command, names[i], chunk[i]);
            }

            command.CommandText = $"{SelectTransfers} WHERE key IN ({string.Join(", ", names)})";
            foreach (var transfer in ReadTransfers(command))
            {
                found[transfer.Key] = transfer;
            }
        }

        return found;
    }

    public IReadOnlyList<Transfer> History(AccountId account, LedgerPosition after, int limit)
    {
        using var connection = OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"{SelectTransfers} WHERE position IN (" +
            "SELECT position FROM (SELECT position FROM transfers WHERE debit_account = @a AND position > @p ORDER BY position LIMIT @l) d " +
            "UNION SELECT position FROM (SELECT position FROM transfers WHERE credit_account = @a AND position > @p ORDER BY position LIMIT @l) c" +
            ") ORDER BY position LIMIT @l";
        AddParameter(command, "@a", account.Value);
        AddParameter(command, "@p", after.Value);
        AddParameter(command, "@l", (long)limit);
        return ReadTransfers(command);
    }

    public AccountBalance BalanceAt(AccountId account, LedgerPosition at)
    {
        using var connection = OpenReadConnection();
        return LatestBalance(connection, account, at.Value);
    }

    /// <summary>Versions of the migrations applied to this store, in order.</summary>
    public IReadOnlyList<int> AppliedMigrations() => MigrationRunner.AppliedVersions(WriteConnection).Order().ToList();

    /// <summary>All accounts, read from the store (not from any engine's memory).</summary>
    public IReadOnlyList<Account> Accounts()
    {
        using var connection = OpenReadConnection();
        return ReadAccounts(connection);
    }

    /// <summary>The trial balance computed from stored rows alone.</summary>
    public IReadOnlyList<TrialBalanceLine> TrialBalanceAt(LedgerPosition at)
    {
        using var connection = OpenReadConnection();
        var accounts = ReadAccounts(connection);
        return LedgerEngine.TrialBalance(accounts.Select(a => (a, LatestBalance(connection, a.Id, at.Value))));
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    protected static void AddParameter(DbCommand command, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    protected static Account ReadAccount(DbDataReader r) =>
        new(new AccountId(r.GetInt64(0)), r.GetString(1), (AccountKind)r.GetInt32(2), r.GetInt64(3), (AccountFlags)r.GetInt32(4));

    protected static long ScalarLong(DbConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<Account> ReadAccounts(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, asset, kind, owner_id, flags FROM accounts ORDER BY id";
        using var reader = command.ExecuteReader();
        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(ReadAccount(reader));
        }

        return accounts;
    }

    private static AccountBalance LatestBalance(DbConnection connection, AccountId account, long atOrBefore)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT position, dr_debits_pending, dr_debits_posted, dr_credits_pending, dr_credits_posted, 0 FROM " +
            "(SELECT * FROM transfers WHERE debit_account = @a AND position <= @p ORDER BY position DESC LIMIT 1) d " +
            "UNION ALL SELECT position, cr_debits_pending, cr_debits_posted, cr_credits_pending, cr_credits_posted, 1 FROM " +
            "(SELECT * FROM transfers WHERE credit_account = @a AND position <= @p ORDER BY position DESC LIMIT 1) c";
        AddParameter(command, "@a", account.Value);
        AddParameter(command, "@p", atOrBefore);
        using var reader = command.ExecuteReader();
        long bestPosition = -1;
        var best = AccountBalance.Empty;
        while (reader.Read())
        {
            var position = reader.GetInt64(0);
            if (position > bestPosition)
            {
                bestPosition = position;
                best = new AccountBalance(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            }
        }

        return best;
    }

    private static List<Transfer> QueryTransfers(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return ReadTransfers(command);
    }

    private static List<Transfer> ReadTransfers(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var transfers = new List<Transfer>();
        while (reader.Read())
        {
            transfers.Add(TransferColumns.Read(reader));
        }

        return transfers;
    }
}
