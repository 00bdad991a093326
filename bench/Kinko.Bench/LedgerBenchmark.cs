using System.Diagnostics;
using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Bench;

/// <summary>Settings of <c>kinko bench ledger</c>.</summary>
public sealed record LedgerBenchmarkSettings(int Transfers, int Accounts, int Batch, int NaiveTransfers);

/// <summary>Figures of one run.</summary>
public sealed record LedgerBenchmarkResult(
    int Transfers,
    TimeSpan Elapsed,
    int NaiveTransfers,
    TimeSpan NaiveElapsed,
    long Refused,
    IReadOnlyList<TrialBalanceLine> TrialBalance)
{
    public double TransfersPerSecond => Transfers / Elapsed.TotalSeconds;

    public double NaiveTransfersPerSecond => NaiveTransfers / NaiveElapsed.TotalSeconds;
}

/// <summary>
/// Batched, durable ledger throughput: funds <c>Accounts</c> customer accounts, then commits
/// <c>Transfers</c> random customer-to-customer transfers, <c>Batch</c> per commit, each with its own
/// idempotency key and history row, from two submitting threads (the engine validates one batch
/// while it writes the other); then the same one transfer per commit from one thread (the naive rate).
/// </summary>
public static class LedgerBenchmark
{
    private const long FundingPerAccount = 1_000_000_000_000;

    /// <summary>Threads submitting batches at once.</summary>
    public const int Submitters = 2;

    public static LedgerBenchmarkResult Run(LedgerEngine engine, LedgerBenchmarkSettings settings, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(settings);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var accounts = OpenAndFund(engine, settings.Accounts, runId);
        long refused = 0;
        var batches = (settings.Transfers + settings.Batch - 1) / settings.Batch;
        var nextBatch = -1;
        var done = 0;

        // Two submitters, as concurrent callers would: one batch is validated while the other is written.
        var watch = Stopwatch.StartNew();
        Task.WaitAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(() =>
        {
            int b;
            while ((b = Interlocked.Increment(ref nextBatch)) < batches)
            {
                var random = new Random(42 + b);
                var first = b * settings.Batch;
                var count = Math.Min(settings.Batch, settings.Transfers - first);
                var groups = new IReadOnlyList<TransferRequest>[count];
                for (var i = 0; i < count; i++)
                {
                    groups[i] = [RandomTransfer(random, accounts, $"{runId}-{first + i}")];
                }

                Interlocked.Add(ref refused, CountRefused(engine.Execute(groups)));
                progress?.Report(Interlocked.Add(ref done, count));
            }
        })).ToArray());
        watch.Stop();

        var naiveRandom = new Random(7);
        var naive = Stopwatch.StartNew();
        for (var i = 0; i < settings.NaiveTransfers; i++)
        {
            refused += CountRefused(engine.Execute([[RandomTransfer(naiveRandom, accounts, $"{runId}-naive-{i}")]]));
        }

        naive.Stop();
        return new LedgerBenchmarkResult(settings.Transfers, watch.Elapsed, settings.NaiveTransfers, naive.Elapsed, refused, engine.TrialBalance());
    }

    private static AccountId[] OpenAndFund(LedgerEngine engine, int count, string runId)
    {
        var capital = engine.OpenAccount(new NewAccount("JPY", AccountKind.CompanyCapital, 0, AccountFlags.None));
        var owner0 = DateTime.UtcNow.Ticks;
        var accounts = new AccountId[count];
        for (var i = 0; i < count; i++)
        {
            accounts[i] = engine.OpenAccount(new NewAccount("JPY", AccountKind.CustomerAvailable, owner0 + i, AccountFlags.DebitsMustNotExceedCredits)).Id;
        }

        foreach (var chunk in accounts.Chunk(LedgerEngine.MaxTransfersPerBatch))
        {
            var groups = chunk
                .Select(a => (IReadOnlyList<TransferRequest>)[TransferRequest.Post($"{runId}-fund-{a}", capital.Id, a, "JPY", FundingPerAccount)])
                .ToList();
            Invariant.Assert(CountRefused(engine.Execute(groups)) == 0, "funding the benchmark's accounts failed");
        }

        return accounts;
    }

    private static TransferRequest RandomTransfer(Random random, AccountId[] accounts, string key)
    {
        var debit = random.Next(accounts.Length);
        var credit = random.Next(accounts.Length - 1);
        if (credit >= debit)
        {
            credit++;
        }

        return TransferRequest.Post(key, accounts[debit], accounts[credit], "JPY", random.Next(1, 1_000_000));
    }

    private static int CountRefused(TransferResult[][] results) =>
        results.Sum(g => g.Count(r => r.Status == TransferStatus.Refused));
}
