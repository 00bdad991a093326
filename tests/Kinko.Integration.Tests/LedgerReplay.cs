using System.Data.Common;
using Kinko.Ledger;

namespace Kinko.Integration.Tests;

/// <summary>
/// An independent replay of the ledger's rows with plain SQL, from position 1, kept between audits
/// so that each audit replays only the rows added since (after checking that the rows already
/// replayed are unchanged).
/// </summary>
internal sealed class LedgerReplay
{
    /// <summary>The last position replayed.</summary>
    public long Through { get; private set; }

    /// <summary>The <see cref="ChecksumThrough"/> of the rows replayed so far.</summary>
    public (long, long, long, long, long, long) Checksum { get; set; }

    public Dictionary<long, AccountBalance> Balances { get; } = [];

    public Dictionary<long, List<(long Position, AccountBalance After)>> Touching { get; } = [];

    public Dictionary<string, long> Positions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (long Debit, long Credit, long Amount, string Asset)> Open { get; } = new(StringComparer.Ordinal);

    /// <summary>A count and sums over the rows up to a position, computed by the database.</summary>
    public static (long, long, long, long, long, long) ChecksumThrough(DbConnection connection, long through)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT COUNT(*), COALESCE(SUM(amount % 1000003), 0), COALESCE(SUM((position * 31 + kind) % 1000003), 0), " +
            "COALESCE(SUM(dr_debits_pending % 1000003 + dr_debits_posted % 1000003 + dr_credits_pending % 1000003 + dr_credits_posted % 1000003), 0), " +
            "COALESCE(SUM(cr_debits_pending % 1000003 + cr_debits_posted % 1000003 + cr_credits_pending % 1000003 + cr_credits_posted % 1000003), 0), " +
            "COALESCE(SUM(debit_account * 7 + credit_account + LENGTH(key) + COALESCE(LENGTH(pending_key), 0)), 0) " +
            "FROM transfers WHERE position <= @through";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@through";
        parameter.Value = through;
        command.Parameters.Add(parameter);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (LedgerAudit.Long(reader, 0), LedgerAudit.Long(reader, 1), LedgerAudit.Long(reader, 2), LedgerAudit.Long(reader, 3), LedgerAudit.Long(reader, 4), LedgerAudit.Long(reader, 5));
    }

    /// <summary>
    /// Replays the rows after <see cref="Through"/>: the balances each row carries must follow from the
    /// rows before it, holds close once and within their amount, and no account crosses its limits.
    /// </summary>
    public void Replay(DbConnection connection, Dictionary<long, Account> accounts, List<string> problems)
    {
        var balances = Balances;
        var open = Open;
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT position, key, kind, debit_account, credit_account, asset, amount, pending_key, " +
            "dr_debits_pending, dr_debits_posted, dr_credits_pending, dr_credits_posted, " +
            "cr_debits_pending, cr_debits_posted, cr_credits_pending, cr_credits_posted FROM transfers WHERE position > @after ORDER BY position";
        var after = command.CreateParameter();
        after.ParameterName = "@after";
        after.Value = Through;
        command.Parameters.Add(after);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var position = reader.GetInt64(0);
            var key = reader.GetString(1);
            var kind = (TransferKind)LedgerAudit.Long(reader, 2);
            var debit = reader.GetInt64(3);
            var credit = reader.GetInt64(4);
            var asset = reader.GetString(5);
            var amount = reader.GetInt64(6);
            var pendingKey = reader.IsDBNull(7) ? null : reader.GetString(7);
            var storedDebit = new AccountBalance(reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11));
            var storedCredit = new AccountBalance(reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14), reader.GetInt64(15));
            string Where() => $"row {position} ({key}, {kind})";

            Through = position;
            if (!Positions.TryAdd(key, position))
            {
                problems.Add($"{Where()}: key already at position {Positions[key]}");
            }

            if (!accounts.TryGetValue(debit, out var debitAccount) || !accounts.TryGetValue(credit, out var creditAccount))
            {
                problems.Add($"{Where()}: unknown account {debit} or {credit}");
                continue;
            }

            if (debit == credit || debitAccount.Asset != asset || creditAccount.Asset != asset)
            {
                problems.Add($"{Where()}: accounts {debit} ({debitAccount.Asset}) and {credit} ({creditAccount.Asset}) do not fit asset {asset}");
            }

            var d = balances.GetValueOrDefault(debit);
            var c = balances.GetValueOrDefault(credit);
            switch (kind)
            {
                case TransferKind.Posted or TransferKind.Pending when amount <= 0:
                    problems.Add($"{Where()}: amount {amount} is not positive");
                    break;
                case TransferKind.Posted:
                    d = d with { DebitsPosted = d.DebitsPosted + amount };
                    c = c with { CreditsPosted = c.CreditsPosted + amount };
                    break;
                case TransferKind.Pending:
                    d = d with { DebitsPending = d.DebitsPending + amount };
                    c = c with { CreditsPending = c.CreditsPending + amount };
                    if (!open.TryAdd(key, (debit, credit, amount, asset)))
                    {
                        problems.Add($"{Where()}: pending key opened twice");
                    }

                    break;
                case TransferKind.PostPending or TransferKind.VoidPending:
                    if (pendingKey is null || !open.Remove(pendingKey, out var pending))
                    {
                        problems.Add($"{Where()}: closes '{pendingKey}', which is not an open pending transfer");
                        break;
                    }

                    if (pending.Debit != debit || pending.Credit != credit || pending.Asset != asset)
                    {
                        problems.Add($"{Where()}: accounts or asset differ from pending transfer {pendingKey}");
                    }

                    var mostPosted = kind == TransferKind.VoidPending ? 0 : pending.Amount;
                    if (amount < 0 || amount > mostPosted || (kind == TransferKind.PostPending && amount == 0))
                    {
                        problems.Add($"{Where()}: posts {amount} of pending {pendingKey} for {pending.Amount}");
                    }

                    d = d with { DebitsPending = d.DebitsPending - pending.Amount, DebitsPosted = d.DebitsPosted + amount };
                    c = c with { CreditsPending = c.CreditsPending - pending.Amount, CreditsPosted = c.CreditsPosted + amount };
                    break;
                default:
                    problems.Add($"{Where()}: unknown kind");
                    break;
            }

            if (d != storedDebit)
            {
                problems.Add($"{Where()}: debit account {debit} stored {storedDebit}, the rows before give {d}");
            }

            if (c != storedCredit)
            {
                problems.Add($"{Where()}: credit account {credit} stored {storedCredit}, the rows before give {c}");
            }

            LedgerAudit.CheckLimits(debitAccount, d, Where, problems);
            LedgerAudit.CheckLimits(creditAccount, c, Where, problems);
            balances[debit] = d;
            balances[credit] = c;
            Touch(Touching, debit, position, d);
            Touch(Touching, credit, position, c);
        }
    }

    private static void Touch(Dictionary<long, List<(long, AccountBalance)>> touching, long account, long position, AccountBalance after)
    {
        if (!touching.TryGetValue(account, out var list))
        {
            touching[account] = list = [];
        }

        list.Add((position, after));
    }
}
