using System.Data;
using System.Data.Common;
using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Storage;

/// <summary>
/// Which transfers touch an account. Appends stay sequential: instead of two random index inserts per
/// transfer, once enough transfers wait (<see cref="SqlLedgerStore.MaxUnindexedTransfers"/>), they are indexed in sorted bulk
/// as one new bucket at the end of <c>account_entries</c> (clustered by bucket, account, position).
/// Reads walk the buckets and scan the short unindexed tail. See docs/ledger.md.
/// </summary>
internal static class AccountHistory
{
    /// <summary>Default for the most transfers left out of the account index before a bulk catch-up.</summary>
    public const long DefaultMaxUnindexed = 65_536;

    public static long ReadIndexedThrough(DbConnection connection, DbTransaction? transaction = null) =>
        Sql.ScalarLong(connection, transaction, "SELECT value FROM ledger_meta WHERE name = 'history_indexed_through'");

    /// <summary>Reads which accounts the unindexed tail touches, for a writer that opens the store.</summary>
    public static UnindexedTail ReadTail(DbConnection connection)
    {
        var tail = new UnindexedTail(ReadIndexedThrough(connection));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, debit_account, credit_account FROM transfers WHERE position > @w ORDER BY position";
        Sql.AddParameter(command, "@w", tail.IndexedThrough);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tail.Add(reader.GetInt64(0), new AccountId(reader.GetInt64(1)), new AccountId(reader.GetInt64(2)));
        }

        return tail;
    }

    /// <summary>
    /// Writes the tail as one bucket, in one transaction, and empties it. <paramref name="insertEntries"/>
    /// writes the bucket's rows of <c>account_entries</c> within the transaction.
    /// </summary>
    public static void CatchUp(DbConnection connection, UnindexedTail tail, Action<DbTransaction, IReadOnlyList<AccountEntry>> insertEntries)
    {
        if (tail.Through == tail.IndexedThrough)
        {
            return;
        }

        var bucket = tail.IndexedThrough + 1;
        var entries = tail.ByAccount
            .OrderBy(e => e.Key)
            .Select(e => new AccountEntry(bucket, e.Key, PositionList.Encode(e.Value, tail.IndexedThrough)))
            .ToList();
        using var transaction = connection.BeginTransaction();
        insertEntries(transaction, entries);
        Sql.Execute(connection, transaction, $"INSERT INTO history_buckets (bucket, last_position) VALUES ({bucket}, {tail.Through})");
        Sql.Execute(connection, transaction, $"UPDATE ledger_meta SET value = {tail.Through} WHERE name = 'history_indexed_through'");
        transaction.Commit();
        tail.Reset(tail.Through);
    }

    /// <summary>The account's transfers after <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public static List<Transfer> Page(DbConnection connection, AccountId account, LedgerPosition after, int limit)
    {
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var indexedThrough = ReadIndexedThrough(connection, transaction);
        var positions = new List<long>();
        using (var seek = connection.CreateCommand())
        {
            seek.Transaction = transaction;
            seek.CommandText = "SELECT positions FROM account_entries WHERE bucket = @b AND account_id = @a";
            var bucketParameter = Sql.AddParameter(seek, "@b", 0L);
            Sql.AddParameter(seek, "@a", account.Value);
            foreach (var bucket in Buckets(connection, transaction, $"last_position > {after.Value} ORDER BY bucket"))
            {
                bucketParameter.Value = bucket;
                if (seek.ExecuteScalar() is byte[] packed)
                {
                    positions.AddRange(PositionList.Decode(packed, bucket - 1).Where(p => p > after.Value).Take(limit - positions.Count));
                }

                if (positions.Count >= limit)
                {
                    break;
                }
            }
        }

        var page = ByPositions(connection, transaction, positions);
        if (page.Count < limit)
        {
            using var tail = connection.CreateCommand();
            tail.Transaction = transaction;
            tail.CommandText = $"SELECT {TransferColumns.List} FROM transfers WHERE position > @w AND position > @p AND (debit_account = @a OR credit_account = @a) ORDER BY position LIMIT @l";
            Sql.AddParameter(tail, "@w", indexedThrough);
            Sql.AddParameter(tail, "@p", after.Value);
            Sql.AddParameter(tail, "@a", account.Value);
            Sql.AddParameter(tail, "@l", (long)(limit - page.Count));
            page.AddRange(Sql.ReadTransfers(tail));
        }

        transaction.Commit();
        return page;
    }

    /// <summary>Every account's balance just after position <paramref name="at"/>.</summary>
    public static Dictionary<AccountId, AccountBalance> BalancesAt(DbConnection connection, IReadOnlyCollection<AccountId> accounts, long at)
    {
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var indexedThrough = ReadIndexedThrough(connection, transaction);
        var buckets = Buckets(connection, transaction, $"bucket <= {at} ORDER BY bucket DESC");
        var latest = accounts.Count <= FewAccounts
            ? SeekLatest(connection, transaction, buckets, accounts, at)
            : ScanLatest(connection, transaction, buckets, accounts, at);
        var balances = accounts.ToDictionary(a => a, _ => AccountBalance.Empty);
        var byPosition = ByPositions(connection, transaction, latest.Values.Distinct().Order().ToList()).ToDictionary(t => t.Position.Value);
        foreach (var (account, position) in latest)
        {
            balances[account] = byPosition[position].BalanceAfter(account);
        }

        if (at > indexedThrough)
        {
            using var tail = connection.CreateCommand();
            tail.Transaction = transaction;
            tail.CommandText = $"SELECT {TransferColumns.List} FROM transfers WHERE position > @w AND position <= @p ORDER BY position";
            Sql.AddParameter(tail, "@w", indexedThrough);
            Sql.AddParameter(tail, "@p", at);
            Sql.ReadTransfers(tail).ForEach(t => Remember(balances, t));
        }

        transaction.Commit();
        return balances;
    }

    /// <summary>Up to this many accounts, balances are found by seeking each account in each bucket.</summary>
    private const int FewAccounts = 16;

    private static Dictionary<AccountId, long> SeekLatest(DbConnection connection, DbTransaction transaction, List<long> buckets, IReadOnlyCollection<AccountId> accounts, long at)
    {
        var latest = new Dictionary<AccountId, long>();
        using var seek = connection.CreateCommand();
        seek.Transaction = transaction;
        seek.CommandText = "SELECT positions FROM account_entries WHERE bucket = @b AND account_id = @a";
        var bucketParameter = Sql.AddParameter(seek, "@b", 0L);
        var accountParameter = Sql.AddParameter(seek, "@a", 0L);
        foreach (var account in accounts)
        {
            accountParameter.Value = account.Value;
            foreach (var bucket in buckets)
            {
                bucketParameter.Value = bucket;
                if (seek.ExecuteScalar() is byte[] packed && LastAtOrBefore(packed, bucket, at) is { } position)
                {
                    latest[account] = position;
                    break;
                }
            }
        }

        return latest;
    }

    private static Dictionary<AccountId, long> ScanLatest(DbConnection connection, DbTransaction transaction, List<long> buckets, IReadOnlyCollection<AccountId> accounts, long at)
    {
        var latest = new Dictionary<AccountId, long>();
        using var scan = connection.CreateCommand();
        scan.Transaction = transaction;
        scan.CommandText = "SELECT account_id, positions FROM account_entries WHERE bucket = @b";
        var bucketParameter = Sql.AddParameter(scan, "@b", 0L);
        foreach (var bucket in buckets)
        {
            bucketParameter.Value = bucket;
            using var reader = scan.ExecuteReader();
            while (reader.Read())
            {
                var account = new AccountId(reader.GetInt64(0));
                if (!latest.ContainsKey(account) && LastAtOrBefore((byte[])reader.GetValue(1), bucket, at) is { } position)
                {
                    latest[account] = position;
                }
            }

            if (accounts.All(latest.ContainsKey))
            {
                break;
            }
        }

        return latest;
    }

    private static long? LastAtOrBefore(byte[] packed, long bucket, long at)
    {
        var positions = PositionList.Decode(packed, bucket - 1);
        var index = positions.BinarySearch(at);
        index = index >= 0 ? index : ~index - 1;
        return index >= 0 ? positions[index] : null;
    }

    private static void Remember(Dictionary<AccountId, AccountBalance> balances, Transfer transfer)
    {
        if (balances.ContainsKey(transfer.Debit))
        {
            balances[transfer.Debit] = transfer.DebitBalanceAfter;
        }

        if (balances.ContainsKey(transfer.Credit))
        {
            balances[transfer.Credit] = transfer.CreditBalanceAfter;
        }
    }

    private static List<long> Buckets(DbConnection connection, DbTransaction transaction, string condition)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT bucket FROM history_buckets WHERE " + condition;
        return ReadLongs(command);
    }

    private static List<Transfer> ByPositions(DbConnection connection, DbTransaction transaction, List<long> positions)
    {
        var transfers = new List<Transfer>(positions.Count);
        foreach (var chunk in positions.Chunk(500))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT {TransferColumns.List} FROM transfers WHERE position IN ({string.Join(", ", chunk)}) ORDER BY position";
            transfers.AddRange(Sql.ReadTransfers(command));
        }

        return transfers;
    }

    private static List<long> ReadLongs(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }
}

/// <summary>One row of <c>account_entries</c>: an account's positions in one history bucket.</summary>
internal readonly record struct AccountEntry(long Bucket, long AccountId, byte[] Positions);
