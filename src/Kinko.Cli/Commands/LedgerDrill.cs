using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Cli.Commands;

/// <summary>
/// A deterministic ledger workload for kill tests: the same seed always asks for the same transfers
/// with the same keys, so a restarted run retries what a killed run may have committed.
/// </summary>
internal static class LedgerDrill
{
    private const int Customers = 20;
    private const int Concurrency = 32;

    public static async Task RunAsync(LedgerWriter writer, int transfers, int seed, TextWriter output, CancellationToken cancel)
    {
        var engine = writer.Engine;
        var capital = engine.OpenAccount(new NewAccount("JPY", AccountKind.CompanyCapital, 0, AccountFlags.None)).Id;
        var customers = Enumerable.Range(1, Customers)
            .Select(i => engine.OpenAccount(new NewAccount("JPY", AccountKind.CustomerAvailable, i, AccountFlags.DebitsMustNotExceedCredits)).Id)
            .ToArray();
        var chains = Plan(transfers, seed, capital, customers);
        var gate = new SemaphoreSlim(Concurrency);
        var outputLock = new Lock();
        var running = new List<Task>();
        foreach (var chain in chains)
        {
            await gate.WaitAsync(cancel);
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        // A chain's groups depend on each other (a hold, then its post): one after another.
                        foreach (var group in chain)
                        {
                            var results = await writer.SubmitAsync(group, cancel);
                            lock (outputLock)
                            {
                                for (var i = 0; i < group.Count; i++)
                                {
                                    output.WriteLine(results[i].Succeeded ? $"ack {group[i].Key}" : $"refused {group[i].Key} {results[i].Error}");
                                }

                                output.Flush();
                            }
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                },
                cancel));
        }

        await Task.WhenAll(running);
    }

    /// <summary>Chains of linked groups: groups of one chain run in order, chains run concurrently.</summary>
    private static List<List<IReadOnlyList<TransferRequest>>> Plan(int transfers, int seed, AccountId capital, AccountId[] customers)
    {
        var random = new Random(seed);
        var chains = new List<List<IReadOnlyList<TransferRequest>>>();
        var n = 0;
        string Key() => $"drill-{n++}";
        AccountId Customer() => customers[random.Next(customers.Length)];
        while (n < transfers)
        {
            var from = Customer();
            var to = Customer();
            if (from == to)
            {
                chains.Add([[TransferRequest.Post(Key(), capital, to, "JPY", random.Next(1, 1_000_000))]]);
                continue;
            }

            switch (random.Next(4))
            {
                case 0:
                    chains.Add([[TransferRequest.Post(Key(), from, to, "JPY", random.Next(1, 100_000))]]);
                    break;
                case 1:
                    var hold = Key();
                    IReadOnlyList<TransferRequest> open = [TransferRequest.Hold(hold, from, to, "JPY", random.Next(1, 100_000))];
                    IReadOnlyList<TransferRequest> close = random.Next(2) == 0
                        ? [TransferRequest.PostHold(Key(), hold, random.Next(0, 2) == 0 ? 0 : 1)]
                        : [TransferRequest.VoidHold(Key(), hold)];
                    chains.Add([open, close]);
                    break;
                default:
                    chains.Add(
                    [
                        [
                            TransferRequest.Post(Key(), capital, from, "JPY", random.Next(1, 1_000_000)),
                            TransferRequest.Post(Key(), from, to, "JPY", random.Next(1, 100_000)),
                        ],
                    ]);
                    break;
            }
        }

        return chains;
    }
}
