using Kinko.Primitives;
using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

public sealed class JournalTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Journal_records_commit_with_the_transfers_of_their_batch(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var (a, b) = TwoFundedCustomers(h, 1_000);
        using (var batch = h.Engine.BeginBatch())
        {
            batch.Execute([TransferRequest.Post("j-1", a, b, "JPY", 10)]).ShouldAllBe(r => r.Status == TransferStatus.Created);
            batch.Commit([new JournalRecord(1, DateTimeOffset.UnixEpoch, [1, 2, 3]), new JournalRecord(2, DateTimeOffset.UnixEpoch, [4])]);
        }

        h.Restart();
        h.Store.LastJournalSequence().ShouldBe(2);
        h.Store.ReadJournal(0, 10).Select(r => r.Payload).ShouldBe([[1, 2, 3], [4]]);
        h.Store.ReadJournal(1, 10).Single().Sequence.ShouldBe(2);
        h.Engine.Balance(b).Posted.ShouldBe(1_010);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_batch_that_is_not_committed_changes_nothing(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var (a, b) = TwoFundedCustomers(h, 1_000);
        using (var batch = h.Engine.BeginBatch())
        {
            batch.Execute([TransferRequest.Hold("j-hold", a, b, "JPY", 600)]).ShouldAllBe(r => r.Status == TransferStatus.Created);
            batch.Execute([TransferRequest.Hold("j-hold-2", a, b, "JPY", 600)]).ShouldAllBe(r => r.Status == TransferStatus.Refused);
            h.Engine.Balance(a).Available.ShouldBe(400);
        }

        h.Engine.Balance(a).Available.ShouldBe(1_000);
        h.Engine.Execute(TransferRequest.Hold("j-hold", a, b, "JPY", 1_000)).Status.ShouldBe(TransferStatus.Created);
        h.Store.LastJournalSequence().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_group_in_a_batch_sees_what_earlier_groups_of_the_batch_did(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var (a, b) = TwoFundedCustomers(h, 1_000);
        using var batch = h.Engine.BeginBatch();
        batch.Execute([TransferRequest.Hold("j-h", a, b, "JPY", 700)]).Single().Status.ShouldBe(TransferStatus.Created);
        batch.Execute([TransferRequest.PostHold("j-p", "j-h", 500)]).Single().Status.ShouldBe(TransferStatus.Created);
        batch.Execute([TransferRequest.PostHold("j-p2", "j-h", 100)]).Single().Error!.Code.ShouldBe(ErrorCode.PendingAlreadyClosed);
        batch.Commit([]);
        h.Engine.Balance(a).Posted.ShouldBe(500);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void The_newest_snapshot_of_a_name_is_returned(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        h.Store.LatestSnapshot("book:btc_jpy").ShouldBeNull();
        h.Engine.SaveSnapshot(new JournalSnapshot("book:btc_jpy", 5, DateTimeOffset.UnixEpoch, [5]));
        h.Engine.SaveSnapshot(new JournalSnapshot("book:btc_jpy", 9, DateTimeOffset.UnixEpoch, [9]));
        h.Engine.SaveSnapshot(new JournalSnapshot("book:xem_jpy", 12, DateTimeOffset.UnixEpoch, [12]));

        var latest = h.Store.LatestSnapshot("book:btc_jpy").ShouldNotBeNull();
        latest.Sequence.ShouldBe(9);
        latest.Payload.ShouldBe([9]);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Events_commit_with_their_batch_and_read_by_id_and_by_time(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var t0 = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        using (var batch = h.Engine.BeginBatch())
        {
            batch.Commit(
                [new JournalRecord(1, t0, [0])],
                [
                    new StoreEvent("trades:btc_jpy", 1, t0, [1]),
                    new StoreEvent("trades:btc_jpy", 2, t0.AddMinutes(1), [2]),
                    new StoreEvent("trades:btc_jpy", 3, t0.AddMinutes(2), [3]),
                    new StoreEvent("trades:xem_jpy", 1, t0.AddMinutes(1), [9]),
                ]);
        }

        h.Restart();
        h.Store.LastEventId("trades:btc_jpy").ShouldBe(3);
        h.Store.LastEventId("trades:eth_jpy").ShouldBe(0);
        h.Store.ReadEvents("trades:btc_jpy", t0.AddMinutes(1), t0.AddMinutes(2)).Select(e => e.Id).ShouldBe([2]);
        h.Store.ReadEventsBefore("trades:btc_jpy", 3, 10).Select(e => e.Id).ShouldBe([2, 1]);
        h.Store.ReadEventsAfter("trades:btc_jpy", 1, 1).Single().Payload.ShouldBe([2]);
        h.Store.ReadEvents("trades:xem_jpy", t0, t0.AddDays(1)).Single().At.ShouldBe(t0.AddMinutes(1));
    }

    private static (AccountId A, AccountId B) TwoFundedCustomers(LedgerHarness h, long funds)
    {
        var capital = h.Capital();
        var a = h.Customer(1).Id;
        var b = h.Customer(2).Id;
        h.Engine.Execute([[TransferRequest.Post("fund-a", capital.Id, a, "JPY", funds)], [TransferRequest.Post("fund-b", capital.Id, b, "JPY", funds)]]);
        return (a, b);
    }
}
