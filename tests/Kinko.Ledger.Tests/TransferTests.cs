using Kinko.Primitives;
using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

public sealed class TransferTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_posted_transfer_moves_funds_and_appears_in_both_histories(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);

        var result = h.Engine.Execute(TransferRequest.Post("fund-1", capital.Id, alice.Id, "JPY", 5_000_0000, "deposit"));

        result.Status.ShouldBe(TransferStatus.Created);
        h.Engine.Balance(alice.Id).Posted.ShouldBe(5_000_0000);
        h.Engine.Balance(capital.Id).Posted.ShouldBe(-5_000_0000);
        h.Store.History(alice.Id, LedgerPosition.Start, 10).Single().Key.ShouldBe("fund-1");
        h.Store.History(capital.Id, LedgerPosition.Start, 10).Single().Reference.ShouldBe("deposit");
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void An_empty_reference_is_stored_as_empty_and_a_retry_after_a_restart_matches_it(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var request = TransferRequest.Post("empty-ref", capital.Id, alice.Id, "JPY", 7, reference: "");
        h.Engine.Execute(request).Status.ShouldBe(TransferStatus.Created);

        h.Restart();
        h.Store.History(alice.Id, LedgerPosition.Start, 10).Single().Reference.ShouldBe("");
        h.Engine.Execute(request).Status.ShouldBe(TransferStatus.AlreadyExists);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_balance_as_of_any_position_is_the_balance_just_after_it(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        h.Engine.Execute(TransferRequest.Post("t1", capital.Id, alice.Id, "JPY", 100));
        h.Engine.Execute(TransferRequest.Post("t2", capital.Id, bob.Id, "JPY", 7));
        h.Engine.Execute(TransferRequest.Post("t3", alice.Id, bob.Id, "JPY", 30));

        h.Store.BalanceAt(alice.Id, new LedgerPosition(0)).Posted.ShouldBe(0);
        h.Store.BalanceAt(alice.Id, new LedgerPosition(1)).Posted.ShouldBe(100);
        h.Store.BalanceAt(alice.Id, new LedgerPosition(2)).Posted.ShouldBe(100);
        h.Store.BalanceAt(alice.Id, new LedgerPosition(3)).Posted.ShouldBe(70);
        h.Store.BalanceAt(bob.Id, new LedgerPosition(2)).Posted.ShouldBe(7);
        h.Store.BalanceAt(bob.Id, new LedgerPosition(3)).Posted.ShouldBe(37);
        h.Store.TrialBalanceAt(new LedgerPosition(2)).ShouldAllBe(l => l.IsBalanced);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void An_accounts_history_pages_through_indexed_buckets_and_the_tail_in_order(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        var expected = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            var other = i % 3 == 0 ? bob : alice;
            var result = h.Engine.Execute(TransferRequest.Post($"t{i}", capital.Id, other.Id, "JPY", i + 1));
            if (other == alice)
            {
                expected.Add(result.Transfer!.Position.Value);
            }
        }

        var seen = new List<long>();
        var after = LedgerPosition.Start;
        while (h.Store.History(alice.Id, after, 4) is { Count: > 0 } page)
        {
            page.Count.ShouldBeLessThanOrEqualTo(4);
            page.ShouldAllBe(t => t.Credit == alice.Id);
            seen.AddRange(page.Select(t => t.Position.Value));
            after = page[^1].Position;
        }

        seen.ShouldBe(expected);
        h.Store.BalanceAt(alice.Id, new LedgerPosition(expected[5])).Posted
            .ShouldBe(h.Store.History(alice.Id, LedgerPosition.Start, 6).Sum(t => t.Amount));
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_hold_reserves_funds_and_a_partial_post_releases_the_rest(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 1_000));

        h.Engine.Execute(TransferRequest.Hold("order-1", alice.Id, bob.Id, "JPY", 600)).Status.ShouldBe(TransferStatus.Created);
        h.Engine.Balance(alice.Id).Available.ShouldBe(400);
        h.Engine.Execute(TransferRequest.Post("spend", alice.Id, bob.Id, "JPY", 401)).Error!.Code.ShouldBe(ErrorCode.InsufficientFunds);

        h.Engine.Execute(TransferRequest.PostHold("fill-1", "order-1", 250)).Status.ShouldBe(TransferStatus.Created);

        var a = h.Engine.Balance(alice.Id);
        a.Posted.ShouldBe(750);
        a.DebitsPending.ShouldBe(0);
        a.Available.ShouldBe(750);
        h.Engine.Balance(bob.Id).Posted.ShouldBe(250);
        h.Engine.Balance(bob.Id).CreditsPending.ShouldBe(0);
        h.Engine.Execute(TransferRequest.PostHold("fill-2", "order-1", 1)).Error!.Code.ShouldBe(ErrorCode.PendingAlreadyClosed);
        h.Engine.Execute(TransferRequest.VoidHold("cancel-1", "order-1")).Error!.Code.ShouldBe(ErrorCode.PendingAlreadyClosed);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_void_releases_the_whole_hold(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 1_000));
        h.Engine.Execute(TransferRequest.Hold("w-1", alice.Id, bob.Id, "JPY", 1_000));

        h.Engine.Execute(TransferRequest.VoidHold("w-1-cancel", "w-1")).Status.ShouldBe(TransferStatus.Created);

        h.Engine.Balance(alice.Id).ShouldBe(new AccountBalance(0, 0, 0, 1_000));
        h.Engine.Balance(bob.Id).ShouldBe(AccountBalance.Empty);
        h.Engine.Execute(TransferRequest.PostHold("w-1-post", "w-1")).Error!.Code.ShouldBe(ErrorCode.PendingAlreadyClosed);
        h.Engine.Execute(TransferRequest.PostHold("x-post", "no-such-hold")).Error!.Code.ShouldBe(ErrorCode.UnknownPending);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Linked_transfers_commit_together_or_not_at_all(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 100));
        var before = h.Engine.LastPosition;

        var results = h.Engine.Execute(
        [
            [
                TransferRequest.Post("trade-1-base", alice.Id, bob.Id, "JPY", 60),
                TransferRequest.Post("trade-1-fee", alice.Id, capital.Id, "JPY", 50),
            ],
        ])[0];

        results[0].Error!.Code.ShouldBe(ErrorCode.LinkedTransferFailed);
        results[1].Error!.Code.ShouldBe(ErrorCode.InsufficientFunds);
        h.Engine.LastPosition.ShouldBe(before);
        h.Engine.Balance(alice.Id).Posted.ShouldBe(100);
        h.Engine.Balance(bob.Id).Posted.ShouldBe(0);
        h.Store.FindTransfers(["trade-1-base", "trade-1-fee"]).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void The_same_key_with_the_same_content_returns_the_first_result_forever(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var first = h.Engine.Execute(TransferRequest.Post("once", capital.Id, alice.Id, "JPY", 10));
        h.Restart();

        var again = h.Engine.Execute(TransferRequest.Post("once", capital.Id, alice.Id, "JPY", 10));

        again.Status.ShouldBe(TransferStatus.AlreadyExists);
        again.Transfer!.Position.ShouldBe(first.Transfer!.Position);
        h.Engine.Balance(alice.Id).Posted.ShouldBe(10);
        h.Engine.LastPosition.ShouldBe(first.Transfer.Position);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void The_same_key_with_different_content_is_refused(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        h.Engine.Execute(TransferRequest.Post("once", capital.Id, alice.Id, "JPY", 10));

        var reused = h.Engine.Execute(TransferRequest.Post("once", capital.Id, alice.Id, "JPY", 11));

        reused.Error!.Code.ShouldBe(ErrorCode.KeyReused);
        reused.Error.Field.ShouldBe("key");
        h.Engine.Balance(alice.Id).Posted.ShouldBe(10);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_restart_recovers_balances_and_open_holds(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 1_000));
        h.Engine.Execute(TransferRequest.Hold("hold", alice.Id, bob.Id, "JPY", 300));
        var balances = h.Engine.Accounts().ToDictionary(a => a.Id, a => h.Engine.Balance(a.Id));

        h.Restart();

        h.Engine.Accounts().ToDictionary(a => a.Id, a => h.Engine.Balance(a.Id)).ShouldBe(balances);
        h.Engine.Execute(TransferRequest.PostHold("hold-post", "hold")).Status.ShouldBe(TransferStatus.Created);
        h.Engine.Balance(bob.Id).Posted.ShouldBe(300);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_second_writer_on_the_same_store_is_refused(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        h.Capital();

        var second = Should.Throw<Exception>(() => h.Restart2ndWriter());

        second.Message.ShouldContain("another Kinko process", Case.Insensitive);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Migrations_are_recorded_and_not_applied_twice(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        h.Restart();
        h.Restart();

        var applied = h.Store.AppliedMigrations();
        applied.ShouldBe(Enumerable.Range(1, applied.Count).ToList(), "every migration once, in order");
        applied.Count.ShouldBeGreaterThanOrEqualTo(8);
    }
}
