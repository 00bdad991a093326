using Kinko.Ledger;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Desk;

/// <summary>One request's commands submitted together (the API's batch of orders): in order, with the request's nonce, every outcome known.</summary>
public sealed class SubmitAllTests
{
    [Fact]
    public async Task The_commands_are_applied_in_their_order_each_answered_and_the_nonce_is_written()
    {
        await using var h = await TradingHarness.StartAsync("sqlite");
        h.Fund(1, "BTC", 1_0000_0000);
        var keys = h.ApiKeys("key-1");

        var outcomes = await h.Sequencer.SubmitAllAsync([Sell(5_000_000, 10), Sell(5_000_001, 1_000_000), Sell(5_000_002, 20)], new ApiNonce("key-1", 21));

        outcomes.ShouldAllBe(t => t.IsCompletedSuccessfully);
        var results = outcomes.Select(t => t.Result).ToList();
        results.Select(r => r.Accepted).ShouldBe([true, false, true]);
        results[2].OrderId.ShouldBeGreaterThan(results[0].OrderId);
        keys.LastNonce("key-1").ShouldBe(21);
        h.Sequencer.Orders.OfOwner(1).Select(o => o.OrderId).ShouldBe([results[0].OrderId, results[2].OrderId], ignoreOrder: true);
    }

    [Fact]
    public async Task When_the_store_fails_every_outcome_is_known_before_it_returns_and_the_nonce_is_not_kept()
    {
        await using var h = await TradingHarness.StartAsync("sqlite");
        h.Fund(1, "BTC", 1_0000_0000);
        var keys = h.ApiKeys("key-1");
        (await h.Sequencer.SubmitAsync(Sell(5_000_000, 1), new ApiNonce("key-1", 30))).Accepted.ShouldBeTrue();
        var path = ((SqliteLedgerStore)h.Ledger.Store).Path;
        SqliteFile.Execute(path, "CREATE TRIGGER no_more BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        var outcomes = await h.Sequencer.SubmitAllAsync([Sell(5_000_001, 1), Sell(5_000_002, 1), Sell(5_000_003, 1)], new ApiNonce("key-1", 31))
            .WaitAsync(TimeSpan.FromSeconds(30));

        outcomes.ShouldAllBe(t => t.IsFaulted);
        keys.LastNonce("key-1").ShouldBe(30);
        SqliteFile.Execute(path, "DROP TRIGGER no_more");
    }

    [Fact]
    public async Task A_request_split_over_two_commits_whose_second_fails_keeps_its_nonce_with_the_durable_first()
    {
        await using var h = await TradingHarness.StartAsync("sqlite");
        h.Fund(1, "BTC", 1_0000_0000);
        var keys = h.ApiKeys("key-1");
        var store = (SqliteLedgerStore)h.Ledger.Store;
        var journalRows = store.ReadJournal(0, int.MaxValue).Count;

        // One commit holds at most MaxCommandsPerCommit commands, so these take two; the second's journal row is refused.
        var commands = Enumerable.Range(0, TradingSequencer.MaxCommandsPerCommit + 2).Select(i => (TradingCommand)Sell(5_000_000 + i, 1)).ToList();
        SqliteFile.Execute(store.Path,
            $"CREATE TRIGGER second_fails BEFORE INSERT ON journal WHEN (SELECT count(*) FROM journal) > {journalRows} BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        var outcomes = await h.Sequencer.SubmitAllAsync(commands, new ApiNonce("key-1", 40)).WaitAsync(TimeSpan.FromSeconds(30));

        outcomes[0].IsCompletedSuccessfully.ShouldBeTrue();
        outcomes[^1].IsFaulted.ShouldBeTrue();
        keys.LastNonce("key-1").ShouldBe(40, "some of the request's orders are durable, so its nonce must be too");
        SqliteFile.Execute(store.Path, "DROP TRIGGER second_fails");
    }

    [Fact]
    public async Task An_empty_list_or_a_null_command_is_refused_before_anything_is_queued()
    {
        await using var h = await TradingHarness.StartAsync("sqlite");
        h.Fund(1, "BTC", 1_0000_0000);

        await Should.ThrowAsync<ArgumentException>(h.Sequencer.SubmitAllAsync([], new ApiNonce("key-1", 1)));
        await Should.ThrowAsync<ArgumentException>(h.Sequencer.SubmitAllAsync([Sell(5_000_000, 1), null!], null));

        h.Sequencer.Orders.OfOwner(1).ShouldBeEmpty();
    }

    private static PlaceOrder Sell(long price, long lots) =>
        new("btc_jpy", 1, Side.Sell, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots);
}
