using FsCheck;
using FsCheck.Fluent;
using Kinko.Ledger;
using Kinko.TestSupport;
using Kinko.Trading.Desk;

namespace Kinko.Trading.Tests.Desk;

/// <summary>
/// Random command streams over two markets that share each customer's JPY, through the real
/// sequencer and ledger: after each stream the books are uncrossed, every order's hold is exactly
/// what it needs and is open in the ledger, the trial balance is zero, no customer is negative, and
/// a fresh core replaying the journal reaches the same books and holds.
/// </summary>
public sealed class TradingProperties(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData("sqlite", 12)]
    [InlineData("postgres", 4)]
    public void Random_streams_keep_holds_books_and_ledger_consistent(string store, int streams)
    {
        Prop.ForAll(Arb.From(Gen.Choose(1, 1_000_000)), seed => CheckStream(store, seed).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(streams));
    }

    private async Task CheckStream(string store, int seed)
    {
        await using var h = await TradingHarness.StartAsync(store, postgres);
        var results = await TradingStreams.RunRandomAsync(h, seed, commands: 150);

        results.Count(r => r.Accepted).ShouldBeGreaterThan(0);
        results.Sum(r => r.Fills.Count).ShouldBeGreaterThan(10, "a stream that never trades tests nothing");
        results.Count(r => !r.Accepted).ShouldBeGreaterThan(0, "a stream should also meet refusals");
        foreach (var desk in h.Sequencer.Core.Markets.Values)
        {
            var engine = desk.Engine;
            if (engine.BestBidTicks > 0 && engine.BestAskTicks > 0)
            {
                engine.BestBidTicks.ShouldBeLessThan(engine.BestAskTicks, $"{desk.Market.Pair} is crossed (seed {seed})");
            }
        }

        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty($"seed {seed}");
        h.Ledger.TrialBalance().ShouldAllBe(l => l.IsBalanced);
        foreach (var account in h.Ledger.Accounts().Where(a => a.Kind is AccountKind.CustomerAvailable or AccountKind.CustomerHeld))
        {
            var balance = h.Ledger.Balance(account.Id);
            (balance.Posted - balance.DebitsPending).ShouldBeGreaterThanOrEqualTo(0, $"account {account.Id} went negative (seed {seed})");
        }

        TradingDigest.Of(TradingStreams.ReplayJournal(h, h.Sequencer.LastSequence))
            .ShouldBe(TradingDigest.Of(h.Sequencer.Core), $"replay differs (seed {seed})");
    }
}
