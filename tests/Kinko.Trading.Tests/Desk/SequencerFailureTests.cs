using Kinko.Storage;
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
        Sql(path, "CREATE TRIGGER no_more BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");

        (await Should.ThrowAsync<SqliteException>(h.Submit(Limit(2, Side.Buy, 5_000_000, 4)))).Message.ShouldContain("disk on fire");
        await Should.ThrowAsync<InvalidOperationException>(h.Submit(Limit(2, Side.Buy, 4_000_000, 1)));

        Sql(path, "DROP TRIGGER no_more");
        await h.RestartAsync();
        TradingDigest.Of(h.Sequencer.Core).ShouldBe(durable);
        HoldAudit.Differences(h.Sequencer.Core, h.Ledger).ShouldBeEmpty();
        h.Available(2, "BTC").Posted.ShouldBe(0);
        (await h.Submit(Limit(2, Side.Buy, 5_000_000, 4))).Fills.ShouldHaveSingleItem().Lots.ShouldBe(4);
    }

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static PlaceOrder Limit(long owner, Side side, long price, long lots) =>
        new("btc_jpy", owner, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots);
}
