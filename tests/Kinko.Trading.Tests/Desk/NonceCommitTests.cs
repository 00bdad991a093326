using Kinko.Ledger;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Desk;

/// <summary>The API nonce a command's request spent is written by the command's own commit, on both stores.</summary>
public sealed class NonceCommitTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [MemberData(nameof(TradingHarness.Stores), MemberType = typeof(TradingHarness))]
    public async Task A_commands_nonce_is_written_in_its_own_commit_accepted_or_refused_and_never_moves_back(string store)
    {
        await using var h = await TradingHarness.StartAsync(store, postgres);
        h.Fund(1, "BTC", 1_0000_0000);
        var keys = h.ApiKeys("key-1", "key-2");
        var journal = h.Ledger.Store.ReadJournal(0, 100).Count;

        (await h.Sequencer.SubmitAsync(Limit(5_000_000, 10), new ApiNonce("key-1", 10))).Accepted.ShouldBeTrue();
        keys.LastNonce("key-1").ShouldBe(10);

        // Refused (more than the account holds): no journal record, but the nonce it spent is written.
        (await h.Sequencer.SubmitAsync(Limit(5_000_000, 1_000_000), new ApiNonce("key-1", 11))).Accepted.ShouldBeFalse();
        keys.LastNonce("key-1").ShouldBe(11);
        h.Ledger.Store.ReadJournal(0, 100).Count.ShouldBe(journal + 1);

        // One batch with several keys, one of them twice and one with a smaller nonce than stored.
        var batch = new[]
        {
            h.Sequencer.SubmitAsync(Limit(5_000_001, 1), new ApiNonce("key-2", 30)),
            h.Sequencer.SubmitAsync(Limit(5_000_002, 1), new ApiNonce("key-1", 7)),
            h.Sequencer.SubmitAsync(Limit(5_000_003, 1), new ApiNonce("key-2", 31)),
        };
        (await Task.WhenAll(batch)).ShouldAllBe(r => r.Accepted);
        keys.LastNonce("key-1").ShouldBe(11);
        keys.LastNonce("key-2").ShouldBe(31);
    }

    private static PlaceOrder Limit(long price, long lots) =>
        new("btc_jpy", 1, Side.Sell, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots);
}
