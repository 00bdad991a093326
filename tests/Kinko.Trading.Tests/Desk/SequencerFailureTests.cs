using Kinko.Ledger;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;
using Microsoft.Data.Sqlite;

namespace Kinko.Trading.Tests.Desk;

/// <summary>A commit that fails stops the sequencer; a restart rebuilds exactly the durable state.</summary>
public sealed class SequencerFailureTests
{
    [Fact]
    public async Task A_failed_commit_stops_trading_until_a_restart_which_recovers_only_what_was_durable()
    {
        await using var h = await TradingHarness.StartAsync("sqlite");
        h.Fund(1, "BTC", 1_0000_0000);
        h.Fund(2, "JPY", 1_000_000_0000);
        (await h.Submit(Limit(1, Side.Sell, 5_000_000, 10))).Accepted.ShouldBeTrue();
        var durable = TradingDigest.Of(h.Sequencer.Core);
        var path = ((SqliteLedgerStore)h.Ledger.Store).Path;
        SqliteFile.Execute(path, "CREATE TRIGGER no_more BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        (await Should.ThrowAsync<SqliteException>(h.Submit(Limit(2, Side.Buy, 5_000_000, 4)))).Message.ShouldContain("disk on fire");
        await Should.ThrowAsync<InvalidOperationException>(h.Submit(Limit(2, Side.Buy, 4_000_000, 1)));

        SqliteFile.Execute(path, "DROP TRIGGER no_more");
        await h.RestartAsync();
        TradingDigest.Of(h.Sequencer.Core).ShouldBe(durable);
        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty();
        h.Available(2, "BTC").Posted.ShouldBe(0);
        (await h.Submit(Limit(2, Side.Buy, 5_000_000, 4))).Fills.ShouldHaveSingleItem().Lots.ShouldBe(4);
    }

    [Fact]
    public async Task A_failed_commit_does_not_keep_the_nonce_its_command_spent()
    {
        await using var h = await TradingHarness.StartAsync("sqlite");
        h.Fund(1, "BTC", 1_0000_0000);
        var store = (SqliteLedgerStore)h.Ledger.Store;
        var keys = h.ApiKeys("key-1");
        (await h.Sequencer.SubmitAsync(Limit(1, Side.Sell, 5_000_000, 10), new ApiNonce("key-1", 11))).Accepted.ShouldBeTrue();

        SqliteFile.Execute(store.Path, "CREATE TRIGGER no_more BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
        await Should.ThrowAsync<SqliteException>(h.Sequencer.SubmitAsync(Limit(1, Side.Sell, 5_000_002, 1), new ApiNonce("key-1", 12)));

        keys.LastNonce("key-1").ShouldBe(11);
        SqliteFile.Execute(store.Path, "DROP TRIGGER no_more");
    }

    [Fact]
    public async Task A_failure_outside_a_commit_stops_trading_and_answers_every_later_caller_instead_of_leaving_it_waiting()
    {
        await using var h = await TradingHarness.StartAsync("sqlite", snapshotEvery: 1);
        h.Fund(1, "BTC", 1_0000_0000);
        var path = ((SqliteLedgerStore)h.Ledger.Store).Path;
        SqliteFile.Execute(path, "CREATE TRIGGER no_snapshots BEFORE INSERT ON journal_snapshots BEGIN SELECT RAISE(ABORT, 'snapshot disk on fire'); END");

        // Durable before the snapshot after it fails: its caller is told yes.
        (await h.Submit(Limit(1, Side.Sell, 5_000_000, 10)).WaitAsync(TimeSpan.FromSeconds(30))).Accepted.ShouldBeTrue();
        for (var i = 0; i < 3; i++)
        {
            var later = h.Submit(Limit(1, Side.Sell, 5_100_000 + i, 1)).WaitAsync(TimeSpan.FromSeconds(30));
            (await Should.ThrowAsync<Exception>(later)).ShouldNotBeOfType<TimeoutException>();
        }

        SqliteFile.Execute(path, "DROP TRIGGER no_snapshots");
        await h.RestartAsync();
        h.Held(1, "BTC").CreditsPending.ShouldBe(10 * 10_000);
        (await h.Submit(Limit(1, Side.Sell, 5_200_000, 1))).Accepted.ShouldBeTrue();
    }


    private static PlaceOrder Limit(long owner, Side side, long price, long lots) =>
        new("btc_jpy", owner, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots);
}
