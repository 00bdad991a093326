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
/// idempotency key and history row; then the same one transfer per commit (the naive rate).
/// </summary>
public static class LedgerBenchmark
{
    private const long FundingPerAccount = 1_000_000_000_000;

    public static LedgerBenchmarkResult Run(LedgerEngine engine, LedgerBenchmarkSettings settings, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(settings);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var accounts = OpenAndFund(engine, settings.Accounts, runId);
        var random = new Random(42);
        long refused = 0;
        var next = 0;

        var watch = Stopwatch.StartNew();
        while (next < settings.Transfers)
        {
            var count = Math.Min(settings.Batch, settings.Transfers - next);
            var groups = new IReadOnlyList<TransferRequest>[count];
            for (var i = 0; i < count; i++)
            {
                groups[i] = [RandomTransfer(random, accounts, $"{runId}-{next + i}")];
            }

            refused += CountRefused(engine.Execute(groups));
            next += count;
            progress?.Report(next);
        }

        watch.Stop();

        var naive = Stopwatch.StartNew();
        for (var i = 0; i < settings.NaiveTransfers; i++)
        {
            refused += CountRefused(engine.Execute([[RandomTransfer(random, accounts, $"{runId}-naive-{i}")]]));
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
