using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Desk;

public sealed class RecoveryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData("sqlite", 100_000)]
    [InlineData("sqlite", 7)]
    [InlineData("postgres", 100_000)]
    [InlineData("postgres", 7)]
    public async Task A_restart_rebuilds_the_same_books_and_holds_from_snapshot_and_journal(string store, long snapshotEvery)
    {
        await using var h = await TradingHarness.StartAsync(store, postgres, snapshotEvery);
        await TradingStreams.RunRandomAsync(h, seed: 11, commands: 120);
        var before = TradingDigest.Of(h.Sequencer.Core);

        await h.RestartAsync(snapshotEvery);

        TradingDigest.Of(h.Sequencer.Core).ShouldBe(before);
        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty();

        // Trading goes on where it stopped: order ids continue, nothing is settled twice.
        await TradingStreams.RunRandomAsync(h, seed: 12, commands: 40);
        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty();
        h.Ledger.TrialBalance().ShouldAllBe(l => l.IsBalanced);
    }

    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task A_fresh_engine_replaying_the_whole_journal_reaches_the_snapshots_book_hash(string store)
    {
        await using var h = await TradingHarness.StartAsync(store, postgres);
        await TradingStreams.RunRandomAsync(h, seed: 5, commands: 150);
        h.Sequencer.WriteSnapshot();
        var snapshot = h.Ledger.Store.LatestSnapshot(TradingSnapshot.Name).ShouldNotBeNull();

        var fromSnapshot = new TradingCore(Kinko.Primitives.AssetRegistry.Default, h.Accounts);
        TradingSnapshot.Restore(fromSnapshot, snapshot.Payload, Kinko.Primitives.AssetRegistry.Default).ShouldBe(snapshot.Sequence);
        var replayed = TradingStreams.ReplayJournal(h, upTo: snapshot.Sequence);

        TradingDigest.Of(replayed).ShouldBe(TradingDigest.Of(fromSnapshot));
        foreach (var desk in replayed.Markets.Values)
        {
            BookState.Capture(desk.Engine).Hash().ShouldBe(BookState.Capture(fromSnapshot.Find(desk.Market.Pair)!.Engine).Hash());
        }
    }
}
