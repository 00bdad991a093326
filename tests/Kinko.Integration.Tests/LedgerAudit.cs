using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;

namespace Kinko.Integration.Tests;

/// <summary>
/// Checks a ledger from every side after a crash: the engine's view (balances loaded by the store),
/// the store's own reads, and the raw rows replayed from position 1 with plain SQL, independent of
/// the code under test. Remembers what it saw, so that later audits also prove nothing changed.
/// </summary>
public sealed class LedgerAudit
{
    private readonly Dictionary<string, Transfer> _firstSeen = new(StringComparer.Ordinal);
    private readonly Random _sampling = new(1);
    private LedgerReplay _replay = new();
    private int _audits;

    /// <summary>Every key acknowledged by any run so far.</summary>
    public HashSet<string> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>The keys the latest run acknowledged (read back through the store's own lookup).</summary>
    public IReadOnlyCollection<string> LatestAcknowledged { get; set; } = [];

    /// <summary>When set, the next audit replays every row again from position 1 (else only the new rows).</summary>
    public bool ReplayEverything { get; set; }

    /// <summary>Figures of one audit.</summary>
    public sealed record Figures(long Transfers, int Accounts, int OpenPendings, long HistoryIndexedThrough, string Timings);

    /// <summary>
    /// <paramref name="engine"/> was just built over <paramref name="store"/>; <paramref name="openRaw"/>
    /// opens an independent connection for the row-level checks. Fails (Shouldly) listing every problem.
    /// </summary>
    public Figures Check(SqlLedgerStore store, LedgerEngine engine, Func<DbConnection> openRaw)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(openRaw);
        _audits++;
        var problems = new List<string>();
        var timings = new Timings();

        // 1. The trial balance is zero per asset: the engine's (from balances the store loaded) and the
        //    store's own, computed from stored rows at the engine's last position.
        var engineLines = engine.TrialBalance();
        problems.AddRange(engineLines.Where(l => !l.IsBalanced).Select(l => $"engine trial balance not zero: {l}"));
        var storeLines = store.TrialBalanceAt(engine.LastPosition);
        problems.AddRange(storeLines.Where(l => !l.IsBalanced).Select(l => $"store trial balance at {engine.LastPosition} not zero: {l}"));
        if (!storeLines.SequenceEqual(engineLines))
        {
            problems.Add($"store trial balance [{string.Join("; ", storeLines)}] differs from the engine's [{string.Join("; ", engineLines)}]");
        }

        // 2. No account below zero where its flags forbid it.
        var accounts = engine.Accounts();
        foreach (var account in accounts)
        {
            CheckLimits(account, engine.Balance(account.Id), () => "engine balance", problems);
        }

        timings.Lap("trial balances");

        // 3. The latest run's acknowledged keys, through the store's lookup: there, and the same transfer
        //    as when first seen.
        var lookup = LatestAcknowledged.Where(key => !_firstSeen.ContainsKey(key)).ToList();
        var retried = LatestAcknowledged.Where(_firstSeen.ContainsKey).ToList();
        lookup.AddRange(retried.OrderBy(_ => _sampling.Next()).Take(300));
        var found = store.FindTransfers(lookup);
        var newlySeen = new List<string>();
        foreach (var key in lookup)
        {
            if (!found.TryGetValue(key, out var transfer))
            {
                problems.Add($"acknowledged key {key} is not found by the store");
            }
            else if (!_firstSeen.TryGetValue(key, out var earlier))
            {
                _firstSeen.Add(key, transfer);
                newlySeen.Add(key);
            }
            else if (earlier != transfer)
            {
                problems.Add($"transfer {key} changed: was {earlier}, now {transfer}");
            }
        }

        timings.Lap("find transfers");

        // 4. Raw rows: one row per key, positions 1..N without gaps.
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
            problems.Add($"engine's last position is {engine.LastPosition} but the highest stored is {maxPosition}");
        }

        timings.Lap("counts");

        // 5. Replay the rows from position 1 (kept from the last audit, whose rows must be unchanged:
        //    same count and checksum): the balances each row carries follow from the rows before it;
        //    holds close once, within their amount; no limit is ever crossed; and the engine's balances
        //    (loaded by the store) are the replay's.
        if (_replay.Through > 0 && LedgerReplay.ChecksumThrough(connection, _replay.Through) != _replay.Checksum)
        {
            problems.Add($"the rows up to position {_replay.Through} were lost or changed since the last audit (count or checksum differ)");
            _replay = new LedgerReplay();
        }
        else if (ReplayEverything)
        {
            _replay = new LedgerReplay();
        }

        ReplayEverything = false;

        var replayedFrom = _replay.Through;
        _replay.Replay(connection, accounts.ToDictionary(a => a.Id.Value), problems);
        _replay.Checksum = LedgerReplay.ChecksumThrough(connection, _replay.Through);
        var replay = _replay;
        foreach (var account in accounts)
        {
            var expected = replay.Balances.GetValueOrDefault(account.Id.Value);
            var inEngine = engine.Balance(account.Id);
            if (inEngine != expected)
            {
                problems.Add($"account {account.Id}: the engine loaded {inEngine}, the rows replay to {expected}");
            }
        }

        // Every key any run acknowledged is still there, at the position it had when first seen.
        foreach (var key in Acknowledged)
        {
            if (!replay.Positions.TryGetValue(key, out var position))
            {
                problems.Add($"acknowledged key {key} is not in the ledger");
            }
            else if (_firstSeen.TryGetValue(key, out var first) && first.Position.Value != position)
            {
                problems.Add($"acknowledged key {key} moved from position {first.Position} to {position}");
            }
        }

        timings.Lap($"replay after {replayedFrom}");

        // 6. The store's per-account reads (history buckets plus the unindexed tail) for one account,
        //    a different one each time: the balance now and at a middle position, and its whole history.
        if (accounts.Count > 0)
        {
            CheckStoreReads(store, engine.LastPosition, accounts[_audits * 7 % accounts.Count], replay, problems);
        }

        timings.Lap("store reads");
        if (problems.Count > 0)
        {
            problems.Count.ShouldBe(0, "ledger audit failed:\n" + string.Join('\n', problems.Take(40)));
        }

        return new Figures(count, accounts.Count, replay.Open.Count, IndexedThrough(connection), timings.ToString());
    }

    private static void CheckStoreReads(SqlLedgerStore store, LedgerPosition last, Account account, LedgerReplay replay, List<string> problems)
    {
        var expected = replay.Balances.GetValueOrDefault(account.Id.Value);
        var atLast = store.BalanceAt(account.Id, last);
        if (atLast != expected)
        {
            problems.Add($"account {account.Id}: store.BalanceAt({last}) is {atLast}, the rows replay to {expected}");
        }

        var rows = replay.Touching.GetValueOrDefault(account.Id.Value) ?? [];
        var history = store.History(account.Id, LedgerPosition.Start, int.MaxValue).Select(t => t.Position.Value).ToList();
        if (!history.SequenceEqual(rows.Select(r => r.Position)))
        {
            var at = 0;
            while (at < history.Count && at < rows.Count && history[at] == rows[at].Position)
            {
                at++;
            }

            problems.Add($"account {account.Id}: store.History lists {history.Count} transfers, the rows {rows.Count}; they differ from #{at}");
        }

        if (rows.Count > 0)
        {
            var middle = rows[rows.Count / 2];
            var atMiddle = store.BalanceAt(account.Id, new LedgerPosition(middle.Position));
            if (atMiddle != middle.After)
            {
                problems.Add($"account {account.Id}: store.BalanceAt({middle.Position}) is {atMiddle}, the row says {middle.After}");
            }
        }
    }

    internal static void CheckLimits(Account account, AccountBalance b, Func<string> what, List<string> problems)
    {
        if ((account.Flags & AccountFlags.DebitsMustNotExceedCredits) != 0
            && (b.Available < 0 || (Int128)b.DebitsPending + b.DebitsPosted > b.CreditsPosted))
        {
            problems.Add($"{what()}: customer account {account.Id} is below zero: {b} (available {b.Available})");
        }

        if ((account.Flags & AccountFlags.CreditsMustNotExceedDebits) != 0
            && (Int128)b.CreditsPending + b.CreditsPosted > b.DebitsPosted)
        {
            problems.Add($"{what()}: debit-normal account {account.Id} credited beyond its debits: {b}");
        }

        if (b.DebitsPending < 0 || b.DebitsPosted < 0 || b.CreditsPending < 0 || b.CreditsPosted < 0)
        {
            problems.Add($"{what()}: account {account.Id} has a negative running total: {b}");
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

    /// <summary>The store's history watermark (-1 when the schema has none).</summary>
    private static long IndexedThrough(DbConnection connection)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM ledger_meta WHERE name = 'history_indexed_through'";
            return Convert.ToInt64(command.ExecuteScalar() ?? -1L, CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return -1;
        }
    }

    internal static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private sealed class Timings
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly List<string> _laps = [];

        public void Lap(string what)
        {
            _laps.Add($"{what} {_watch.ElapsedMilliseconds} ms");
            _watch.Restart();
        }

        public override string ToString() => string.Join(", ", _laps);
    }
}
