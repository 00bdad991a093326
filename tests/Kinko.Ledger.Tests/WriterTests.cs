using Kinko.Primitives;
using Kinko.Storage;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;

namespace Kinko.Ledger.Tests;

public sealed class WriterTests
{
    [Fact]
    public async Task Concurrent_callers_are_committed_in_shared_batches_and_each_gets_its_own_result()
    {
        using var h = LedgerHarness.Create("sqlite");
        var capital = h.Capital();
        var customers = Enumerable.Range(1, 10).Select(i => h.Customer(i).Id).ToArray();
        await using var writer = new LedgerWriter(h.Engine);

        var submissions = Enumerable.Range(0, 2_000).Select(i => Task.Run(() => writer.SubmitAsync(
            TransferRequest.Post($"w-{i}", capital.Id, customers[i % customers.Length], "JPY", i + 1)))).ToList();
        var results = await Task.WhenAll(submissions);

        results.ShouldAllBe(r => r.Status == TransferStatus.Created);
        results.Select(r => r.Transfer!.Key).ShouldBe(Enumerable.Range(0, 2_000).Select(i => $"w-{i}"));
        results.Select(r => r.Transfer!.Position.Value).Distinct().Count().ShouldBe(2_000);
        writer.Commits.ShouldBeLessThanOrEqualTo(2_000);
        h.Engine.Balance(capital.Id).Posted.ShouldBe(-Enumerable.Range(1, 2_000).Sum(i => (long)i));
        h.Engine.TrialBalance().ShouldAllBe(l => l.IsBalanced);
    }

    [Fact]
    public void A_commit_that_fails_in_the_store_leaves_memory_as_it_was()
    {
        using var h = LedgerHarness.Create("sqlite");
        var capital = h.Capital();
        var alice = h.Customer(1);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 100));
        var path = ((SqliteLedgerStore)h.Store).Path;
        SqliteFile.Execute(path, "CREATE TRIGGER boom BEFORE INSERT ON transfers WHEN NEW.key = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        Should.Throw<SqliteException>(() => h.Engine.Execute(
        [
            [TransferRequest.Post("ok-1", alice.Id, capital.Id, "JPY", 10)],
            [TransferRequest.Post("boom", alice.Id, capital.Id, "JPY", 10)],
        ]));

        h.Engine.Balance(alice.Id).Posted.ShouldBe(100);
        h.Engine.LastPosition.ShouldBe(new LedgerPosition(1));
        h.Engine.Execute(TransferRequest.Post("ok-1", alice.Id, capital.Id, "JPY", 10)).Status.ShouldBe(TransferStatus.Created);
        h.Engine.Balance(alice.Id).Posted.ShouldBe(90);
        h.Restart();
        h.Engine.Balance(alice.Id).Posted.ShouldBe(90);
        h.Store.FindTransfers(["boom"]).ShouldBeEmpty();
    }
}
