using System.Data.Common;
using System.Globalization;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;

namespace Kinko.Integration.Tests;

/// <summary>
/// Checks a ledger from every side after a crash: the engine's view, the store's own reads, and the
/// raw rows replayed from position 1 with plain SQL (independent of the code under test).
/// </summary>
public sealed class LedgerAudit
{
    private readonly Dictionary<string, Transfer> _firstSeen = new(StringComparer.Ordinal);

    /// <summary>Every key ever acknowledged by any run so far.</summary>
    public HashSet<string> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>Figures of one audit.</summary>
    public sealed record Figures(long Transfers, long LastPosition, int Accounts, int OpenPendings);

    /// <summary>
    /// Opens nothing itself: <paramref name="engine"/> was just built over <paramref name="store"/>;
    /// <paramref name="openRaw"/> gives an independent connection for the row-level checks.
    /// Throws (Shouldly) with the list of problems when anything is wrong.
    /// </summary>
    public Figures Check(SqlLedgerStore store, LedgerEngine engine, Func<DbConnection> openRaw)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(openRaw);
        var problems = new List<string>();

        // 1. The engine's trial balance (from balances loaded out of the store) and the store's own.
        var engineLines = engine.TrialBalance();
        problems.AddRange(engineLines.Where(l => !l.IsBalanced).Select(l => $"engine trial balance not zero: {l}"));
        var storeLines = store.TrialBalanceAt(engine.LastPosition);
        problems.AddRange(storeLines.Where(l => !l.IsBalanced).Select(l => $"store trial balance at {engine.LastPosition} not zero: {l}"));

        // 2. No account below zero where its flags forbid it.
        var accounts = engine.Accounts();
        foreach (var account in accounts)
        {
            var balance = engine.Balance(account.Id);
            problems.AddRange(LimitProblems(account, balance, "engine balance"));
        }

        // 3. Every acknowledged key is in the ledger, unchanged since it was first seen.
        var found = store.FindTransfers(Acknowledged);
        var newlySeen = new List<string>();
        foreach (var key in Acknowledged)
        {
            if (!found.TryGetValue(key, out var transfer))
            {
                problems.Add($"acknowledged key {key} is not in the ledger");
            }
            else if (_firstSeen.TryGetValue(key, out var earlier))
            {
                if (earlier != transfer)
                {
                    problems.Add($"transfer {key} changed: was {earlier}, now {transfer}");
                }
            }
            else
            {
                _firstSeen.Add(key, transfer);
                newlySeen.Add(key);
            }
        }

        // 4. Raw rows: one row per key, positions 1..N without gaps, and a replay that reproduces
        //    every stored balance and never takes a no-negative account below zero.
        using var connection = openRaw();
        var (count, distinctKeys, minPosition, maxPosition) = Counts(connection);
        if (count != distinctKeys)
        {
            problems.Add($"{count} transfer rows but {distinctKeys} distinct keys");
        }

        foreach (var (key, rows) in DuplicateKeys(connection))
        {
            problems.Add($"key {key} has {rows} rows");
        }

        foreach (var key in newlySeen)
        {
            // The count per acknowledged key straight from SQL (the unique index should make it 1).
            var rows = RowsWithKey(connection, key);
            if (rows != 1)
            {
                problems.Add($"acknowledged key {key} has {rows} rows");
            }
        }

        if (count > 0 && (minPosition != 1 || maxPosition != count))
        {
            problems.Add($"positions run {minPosition}..{maxPosition} over {count} rows: not 1..N without gaps");
        }

        if (maxPosition != engine.LastPosition.Value)
        {
            problems.Add($"engine's last position {engine.LastPosition} but the highest stored is {maxPosition}");
        }

        var replayed = Replay(connection, accounts.ToDictionary(a => a.Id.Value), problems, out var openPendings);
        foreach (var account in accounts)
        {
            var expected = replayed.GetValueOrDefault(account.Id.Value);
            var inEngine = engine.Balance(account.Id);
            if (inEngine != expected)
            {
                problems.Add($"account {account.Id}: engine has {inEngine}, replay of the rows gives {expected}");
            }

            var atLast = store.BalanceAt(account.Id, engine.LastPosition);
            if (atLast != expected)
            {
                problems.Add($"account {account.Id}: store.BalanceAt(last) is {atLast}, replay gives {expected}");
            }
        }

        if (problems.Count > 0)
        {
            problems.Count.ShouldBe(0, "ledger audit failed:\n" + string.Join('\n', problems.Take(40)));
        }

        return new Figures(count, maxPosition, accounts.Count, openPendings);
    }

    private static IEnumerable<string> LimitProblems(Account account, AccountBalance b, string what)
    {
        if ((account.Flags & AccountFlags.DebitsMustNotExceedCredits) != 0)
        {
            if (b.Available < 0 || (Int128)b.DebitsPending + b.DebitsPosted > b.CreditsPosted)
            {
                yield return $"{what}: customer account {account.Id} is below zero: {b} (available {b.Available})";
            }
        }

        if ((account.Flags & AccountFlags.CreditsMustNotExceedDebits) != 0
            && (Int128)b.CreditsPending + b.CreditsPosted > b.DebitsPosted)
        {
            yield return $"{what}: debit-normal account {account.Id} credited beyond its debits: {b}";
        }

        if (b.DebitsPending < 0 || b.DebitsPosted < 0 || b.CreditsPending < 0 || b.CreditsPosted < 0)
        {
            yield return $"{what}: account {account.Id} has a negative running total: {b}";
        }
    }

    private static (long Count, long DistinctKeys, long MinPosition, long MaxPosition) Counts(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT key), COALESCE(MIN(position), 0), COALESCE(MAX(position), 0) FROM transfers";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (Long(reader, 0), Long(reader, 1), Long(reader, 2), Long(reader, 3));
    }

    private static List<(string Key, long Rows)> DuplicateKeys(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, COUNT(*) FROM transfers GROUP BY key HAVING COUNT(*) > 1";
        using var reader = command.ExecuteReader();
        var duplicates = new List<(string, long)>();
        while (reader.Read())
        {
            duplicates.Add((reader.GetString(0), Long(reader, 1)));
        }

        return duplicates;
    }

    private static long RowsWithKey(DbConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM transfers WHERE key = @key";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Replays every row in position order; returns each account's balance after the last row.</summary>
    private static Dictionary<long, AccountBalance> Replay(
        DbConnection connection, Dictionary<long, Account> accounts, List<string> problems, out int openPendingCount)
    {
        var balances = new Dictionary<long, AccountBalance>();
        var open = new Dictionary<string, (long Debit, long Credit, long Amount, string Asset)>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT position, key, kind, debit_account, credit_account, asset, amount, pending_key, " +
            "dr_debits_pending, dr_debits_posted, dr_credits_pending, dr_credits_posted, " +
            "cr_debits_pending, cr_debits_posted, cr_credits_pending, cr_credits_posted FROM transfers ORDER BY position";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var position = Long(reader, 0);
            var key = reader.GetString(1);
            var kind = (TransferKind)Long(reader, 2);
            var debit = Long(reader, 3);
            var credit = Long(reader, 4);
            var asset = reader.GetString(5);
            var amount = Long(reader, 6);
            var pendingKey = reader.IsDBNull(7) ? null : reader.GetString(7);
            var storedDebit = new AccountBalance(Long(reader, 8), Long(reader, 9), Long(reader, 10), Long(reader, 11));
            var storedCredit = new AccountBalance(Long(reader, 12), Long(reader, 13), Long(reader, 14), Long(reader, 15));
            var where = $"row {position} ({key}, {kind})";

            if (!accounts.TryGetValue(debit, out var debitAccount) || !accounts.TryGetValue(credit, out var creditAccount))
            {
                problems.Add($"{where}: unknown account {debit} or {credit}");
                continue;
            }

            if (debit == credit || debitAccount.Asset != asset || creditAccount.Asset != asset)
            {
                problems.Add($"{where}: accounts {debit} ({debitAccount.Asset}) and {credit} ({creditAccount.Asset}) do not fit asset {asset}");
            }

            var d = balances.GetValueOrDefault(debit);
            var c = balances.GetValueOrDefault(credit);
            switch (kind)
            {
                case TransferKind.Posted:
                    CheckPositive(amount, where, problems);
                    d = d with { DebitsPosted = d.DebitsPosted + amount };
                    c = c with { CreditsPosted = c.CreditsPosted + amount };
                    break;
                case TransferKind.Pending:
                    CheckPositive(amount, where, problems);
                    d = d with { DebitsPending = d.DebitsPending + amount };
                    c = c with { CreditsPending = c.CreditsPending + amount };
                    if (!open.TryAdd(key, (debit, credit, amount, asset)))
                    {
                        problems.Add($"{where}: pending key opened twice");
                    }

                    break;
                case TransferKind.PostPending or TransferKind.VoidPending:
                    if (pendingKey is null || !open.Remove(pendingKey, out var pending))
                    {
                        problems.Add($"{where}: closes '{pendingKey}', which is not an open pending transfer");
                        break;
                    }

                    if (pending.Debit != debit || pending.Credit != credit || pending.Asset != asset)
                    {
                        problems.Add($"{where}: accounts or asset differ from pending transfer {pendingKey}");
                    }

                    var maxPosted = kind == TransferKind.VoidPending ? 0 : pending.Amount;
                    if (amount < 0 || amount > maxPosted || (kind == TransferKind.PostPending && amount == 0))
                    {
                        problems.Add($"{where}: posts {amount} of pending {pendingKey} for {pending.Amount}");
                    }

                    d = d with { DebitsPending = d.DebitsPending - pending.Amount, DebitsPosted = d.DebitsPosted + amount };
                    c = c with { CreditsPending = c.CreditsPending - pending.Amount, CreditsPosted = c.CreditsPosted + amount };
                    break;
                default:
                    problems.Add($"{where}: unknown kind");
                    break;
            }

            if (d != storedDebit)
            {
                problems.Add($"{where}: debit account {debit} stored {storedDebit}, replay gives {d}");
            }

            if (c != storedCredit)
            {
                problems.Add($"{where}: credit account {credit} stored {storedCredit}, replay gives {c}");
            }

            problems.AddRange(LimitProblems(debitAccount, d, where));
            problems.AddRange(LimitProblems(creditAccount, c, where));
            balances[debit] = d;
            balances[credit] = c;
        }

        openPendingCount = open.Count;
        return balances;
    }

    private static void CheckPositive(long amount, string where, List<string> problems)
    {
        if (amount <= 0)
        {
            problems.Add($"{where}: amount {amount} is not positive");
        }
    }

    private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
