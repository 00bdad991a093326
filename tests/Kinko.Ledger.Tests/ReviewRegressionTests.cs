using Kinko.Primitives;
using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

/// <summary>Cases a review found; each failed before its fix.</summary>
public sealed class ReviewRegressionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Balances_reload_exactly_with_more_accounts_than_one_lookup_holds(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var customers = Enumerable.Range(1, 620).Select(i => h.Customer(i)).ToList();
        h.Engine.Execute(customers.Select(c => (IReadOnlyList<TransferRequest>)[TransferRequest.Post($"fund-{c.Id}", capital.Id, c.Id, "JPY", 100)]).ToList());
        h.Engine.Execute(TransferRequest.Post("after", customers[0].Id, customers[1].Id, "JPY", 1));
        var before = h.Engine.Accounts().ToDictionary(a => a.Id, a => h.Engine.Balance(a.Id));

        h.Restart();

        h.Engine.Accounts().ToDictionary(a => a.Id, a => h.Engine.Balance(a.Id)).ShouldBe(before);
        h.Store.TrialBalanceAt(h.Engine.LastPosition).ShouldAllBe(l => l.IsBalanced);
        h.Engine.Balance(capital.Id).Posted.ShouldBe(-(620 * 100));
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_failure_while_validating_a_batch_leaves_memory_as_the_store_has_it(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 100));

        Should.Throw<Exception>(() => h.Engine.Execute(
        [
            [TransferRequest.Post("gift", capital.Id, alice.Id, "JPY", 1_000_000)],
            [null!],
        ]));

        h.Engine.Balance(alice.Id).Posted.ShouldBe(100);
        h.Engine.Execute(TransferRequest.Post("spend", alice.Id, capital.Id, "JPY", 101)).Error!.Code.ShouldBe(ErrorCode.InsufficientFunds);
        h.Engine.Execute(TransferRequest.Post("gift", capital.Id, alice.Id, "JPY", 1_000_000)).Status.ShouldBe(TransferStatus.Created);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Text_a_store_cannot_keep_exactly_is_refused_without_failing_the_rest_of_the_commit(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);

        var results = h.Engine.Execute(
        [
            [TransferRequest.Post("honest", capital.Id, alice.Id, "JPY", 5)],
            [TransferRequest.Post("k\uD800", capital.Id, alice.Id, "JPY", 5)],
            [TransferRequest.Post("nul-ref", capital.Id, alice.Id, "JPY", 5, "a\0b")],
            [TransferRequest.Post("emoji-\U0001F600", capital.Id, alice.Id, "JPY", 5, "円 ok")],
        ]);

        results[0][0].Status.ShouldBe(TransferStatus.Created);
        results[1][0].Error!.Field.ShouldBe("key");
        results[2][0].Error!.Field.ShouldBe("reference");
        results[3][0].Status.ShouldBe(TransferStatus.Created);
        h.Restart();
        h.Store.FindTransfers(["emoji-\U0001F600"]).ShouldHaveSingleItem().Value.Reference.ShouldBe("円 ok");
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void A_retry_saying_post_all_matches_only_a_post_of_the_whole_hold(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 1_000));
        h.Engine.Execute(TransferRequest.Hold("h1", alice.Id, bob.Id, "JPY", 100));
        h.Engine.Execute(TransferRequest.Hold("h2", alice.Id, bob.Id, "JPY", 100));
        h.Engine.Execute(TransferRequest.PostHold("p1", "h1", 40));
        h.Engine.Execute(TransferRequest.PostHold("p2", "h2", 0));
        h.Restart();

        h.Engine.Execute(TransferRequest.PostHold("p1", "h1", 0)).Error!.Code.ShouldBe(ErrorCode.KeyReused);
        h.Engine.Execute(TransferRequest.PostHold("p1", "h1", 40)).Status.ShouldBe(TransferStatus.AlreadyExists);
        h.Engine.Execute(TransferRequest.PostHold("p2", "h2", 0)).Status.ShouldBe(TransferStatus.AlreadyExists);
        h.Engine.Execute(TransferRequest.PostHold("p2", "h2", 100)).Status.ShouldBe(TransferStatus.AlreadyExists);
    }

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Closing_a_hold_twice_in_one_commit_says_it_is_already_closed(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 1_000));
        h.Engine.Execute(TransferRequest.Hold("h", alice.Id, bob.Id, "JPY", 100));

        var results = h.Engine.Execute([[TransferRequest.PostHold("post", "h")], [TransferRequest.VoidHold("void", "h")]]);

        results[0][0].Status.ShouldBe(TransferStatus.Created);
        results[1][0].Error!.Code.ShouldBe(ErrorCode.PendingAlreadyClosed);
    }

    [Fact]
    public void Posting_a_hold_that_would_overflow_its_credit_account_is_refused_not_thrown()
    {
        using var h = LedgerHarness.Create("sqlite");
        var capital = h.Capital();
        var sink = h.Engine.OpenAccount(new NewAccount("JPY", AccountKind.Adjustment, 0, AccountFlags.None));
        h.Engine.Execute(TransferRequest.Hold("h", capital.Id, sink.Id, "JPY", 10));
        h.Engine.Execute(TransferRequest.Post("fill", capital.Id, sink.Id, "JPY", long.MaxValue - 5));

        var result = h.Engine.Execute(TransferRequest.PostHold("post", "h"));

        result.Error!.Code.ShouldBe(ErrorCode.Overflow);
        h.Engine.TrialBalance().ShouldAllBe(l => l.IsBalanced);
    }

    [Fact]
    public void Retrying_a_whole_post_in_the_batch_that_made_it_answers_already_exists()
    {
        using var h = LedgerHarness.Create("sqlite");
        var capital = h.Capital();
        var alice = h.Customer(1);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 500));
        h.Engine.Execute(TransferRequest.Hold("hold", alice.Id, capital.Id, "JPY", 300));

        // The hold was committed in an earlier batch; this batch posts all of it, then retries that post.
        var results = h.Engine.Execute([[TransferRequest.PostHold("post", "hold")], [TransferRequest.PostHold("post", "hold")]]);

        results[0][0].Status.ShouldBe(TransferStatus.Created);
        results[1][0].Status.ShouldBe(TransferStatus.AlreadyExists);
        h.Engine.Balance(alice.Id).Posted.ShouldBe(200);
    }

    [Fact]
    public void A_hold_made_and_closed_in_a_refused_group_leaves_its_key_free_in_the_same_batch()
    {
        using var h = LedgerHarness.Create("sqlite");
        var capital = h.Capital();
        var alice = h.Customer(1);
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 500));

        var results = h.Engine.Execute(
        [
            [TransferRequest.Hold("h", alice.Id, capital.Id, "JPY", 40), TransferRequest.PostHold("p", "h"), TransferRequest.Post("too-much", alice.Id, capital.Id, "JPY", 10_000)],
            [TransferRequest.Hold("h", alice.Id, capital.Id, "JPY", 40)],
        ]);

        results[0].ShouldAllBe(r => r.Status == TransferStatus.Refused);
        results[1][0].Status.ShouldBe(TransferStatus.Created);
        h.Engine.Balance(alice.Id).DebitsPending.ShouldBe(40);
    }
}
