using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Integration.Tests;

/// <summary>
/// Fills a ledger, in-process and in big batches, with BTC transfers among accounts the drill never
/// touches (owners from 1001): posts, holds left open, and posted and voided holds. Used to bring a
/// ledger close to the store's per-account history catch-up (every 65,536 transfers) so that the
/// drill's kills land around it.
/// </summary>
public static class LedgerPrefill
{
    public const string Asset = "BTC";
    public const int Customers = 50;
    private const long Funding = 1_000_000_000_000;

    public static void Run(LedgerEngine engine, int transfers, int seed = 5)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var random = new Random(seed);
        var capital = engine.OpenAccount(new NewAccount(Asset, AccountKind.CompanyCapital, 0, AccountFlags.None)).Id;
        var customers = Enumerable.Range(1001, Customers)
            .Select(owner => engine.OpenAccount(new NewAccount(Asset, AccountKind.CustomerAvailable, owner, AccountFlags.DebitsMustNotExceedCredits)).Id)
            .ToArray();
        var requests = new List<TransferRequest>(transfers);
        requests.AddRange(customers.Select(c => TransferRequest.Post($"prefill-fund-{c}", capital, c, Asset, Funding)));
        var holds = new List<string>();
        while (requests.Count < transfers)
        {
            var key = $"prefill-{requests.Count}";
            var from = customers[random.Next(Customers)];
            var to = customers[(Array.IndexOf(customers, from) + 1 + random.Next(Customers - 1)) % Customers];
            switch (random.Next(10))
            {
                case 0:
                    requests.Add(TransferRequest.Hold(key, from, to, Asset, random.Next(1, 1_000_000)));
                    holds.Add(key);
                    break;
                case 1 when holds.Count > 0:
                    var hold = holds[^1];
                    holds.RemoveAt(holds.Count - 1);
                    requests.Add(random.Next(2) == 0 ? TransferRequest.PostHold(key, hold, random.Next(0, 2)) : TransferRequest.VoidHold(key, hold));
                    break;
                default:
                    requests.Add(TransferRequest.Post(key, from, to, Asset, random.Next(1, 1_000_000)));
                    break;
            }
        }

        foreach (var chunk in requests.Chunk(LedgerEngine.MaxTransfersPerBatch))
        {
            var results = engine.Execute(chunk.Select(r => (IReadOnlyList<TransferRequest>)[r]).ToList());
            results.SelectMany(r => r).Where(r => r.Status != TransferStatus.Created).ShouldBeEmpty("the prefill must commit whole");
        }
    }
}
