using Kinko.Primitives;
using Kinko.Storage;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;

namespace Kinko.Ledger.Tests;

/// <summary>
/// The commit pipeline: concurrent callers' batches are validated one after another while earlier
/// ones are written, reach the store in validation order, and a failed write takes back its batch
/// and every batch validated after it.
/// </summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task Batches_from_many_threads_commit_in_order_and_survive_a_restart()
    {
        using var h = LedgerHarness.Create("sqlite");
        var capital = h.Capital();
        var customers = Enumerable.Range(1, 20).Select(i => h.Customer(i).Id).ToArray();
        h.Engine.Execute(customers.Select(c => (IReadOnlyList<TransferRequest>)[TransferRequest.Post($"fund-{c}", capital.Id, c, "JPY", 1_000_000)]).ToList());

        var created = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            var random = new Random(thread);
            for (var b = 0; b < 60; b++)
            {
                var groups = Enumerable.Range(0, random.Next(1, 40))
                    .Select(i => (IReadOnlyList<TransferRequest>)[TransferRequest.Post($"t{thread}-{b}-{i}", customers[random.Next(20)], customers[random.Next(20)], "JPY", random.Next(1, 50_000))])
                    .ToList();
                var results = h.Engine.Execute(groups);
                Interlocked.Add(ref created, results.Count(r => r[0].Status == TransferStatus.Created));
            }
        })));

        var balances = customers.Select(c => h.Engine.Balance(c)).ToList();
        h.Engine.LastPosition.Value.ShouldBe(20 + created);
        h.Restart();
        customers.Select(c => h.Engine.Balance(c)).ShouldBe(balances);
        h.Engine.TrialBalance().ShouldAllBe(l => l.IsBalanced);
        customers.ShouldAllBe(c => h.Engine.Balance(c).Posted >= 0);
    }

    [Fact]
    public async Task Batches_queued_from_many_threads_without_waiting_all_become_durable_in_turn()
    {
        using var h = LedgerHarness.Create("sqlite");
        var capital = h.Capital();
        var customers = Enumerable.Range(1, 8).Select(i => h.Customer(i).Id).ToArray();
        h.Engine.Execute(customers.Select(c => (IReadOnlyList<TransferRequest>)[TransferRequest.Post($"fund-{c}", capital.Id, c, "JPY", 1_000_000)]).ToList());

        // Each thread queues its commits on the one writer thread and goes on at once: a batch queued
        // behind a later one would leave the writer waiting for its turn forever.
        var commits = await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
            Enumerable.Range(0, 100).Select(b =>
            {
                using var batch = h.Engine.BeginBatch();
                batch.Execute([TransferRequest.Post($"q{thread}-{b}", customers[thread], customers[(thread + 1) % 8], "JPY", 1)]);
                return batch.CommitAsync([]).Durable;
            }).ToList())));

        await Task.WhenAll(commits.SelectMany(c => c)).WaitAsync(TimeSpan.FromSeconds(60));
        h.Engine.LastPosition.Value.ShouldBe(8 + 800);
        h.Restart();
        customers.ShouldAllBe(c => h.Engine.Balance(c).Posted == 1_000_000);
    }

    [Fact]
    public async Task A_failed_write_takes_back_its_batch_and_the_batches_validated_after_it()
    {
        using var h = LedgerHarness.Create("sqlite");
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 100));
        // Slow, then failing: a counting loop long enough for a second batch to be validated meanwhile.
        SqliteFile.Execute(
            ((SqliteLedgerStore)h.Store).Path,
            "CREATE TRIGGER slow_boom BEFORE INSERT ON transfers WHEN NEW.key = 'slow-boom' BEGIN " +
            "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000) SELECT x FROM c); " +
            "SELECT RAISE(ABORT, 'disk on fire'); END");

        // Batch A credits Bob; batch B, validated while A is being written, spends what A gave him.
        var first = Task.Run(() => h.Engine.Execute(TransferRequest.Post("slow-boom", alice.Id, bob.Id, "JPY", 60)));
        await WaitUntil(() => h.Engine.Balance(bob.Id).Posted == 60);
        var second = Task.Run(() => h.Engine.Execute(TransferRequest.Post("spend", bob.Id, capital.Id, "JPY", 50)));

        (await Should.ThrowAsync<SqliteException>(first)).Message.ShouldContain("disk on fire");
        (await Should.ThrowAsync<LedgerCommitException>(second)).InnerException.ShouldBeOfType<SqliteException>();

        h.Engine.Balance(alice.Id).Posted.ShouldBe(100);
        h.Engine.Balance(bob.Id).Posted.ShouldBe(0);
        h.Engine.LastPosition.ShouldBe(new LedgerPosition(1));
        h.Engine.Execute(TransferRequest.Post("spend", alice.Id, capital.Id, "JPY", 5)).Status.ShouldBe(TransferStatus.Created);
        h.Restart();
        h.Engine.Balance(alice.Id).Posted.ShouldBe(95);
        h.Engine.Balance(bob.Id).Posted.ShouldBe(0);
        h.Engine.TrialBalance().ShouldAllBe(l => l.IsBalanced);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the first batch was never validated");
            await Task.Delay(1);
        }
    }
}
