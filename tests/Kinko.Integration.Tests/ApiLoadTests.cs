using Kinko.Bench.Api;
using Kinko.Ledger;
using Kinko.Trading.Desk;

namespace Kinko.Integration.Tests;

/// <summary><c>kinko bench api</c>'s load: real signed requests over its own HTTP/1.1 client against a live server.</summary>
public sealed class ApiLoadTests : IAsyncLifetime
{
    private const long Price = 1_000_000;
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("kinko-api-load");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(1, 40, 80)]
    [InlineData(7, 45, 14)] // batches of at most 7 from 3 clients: 7 placing and 7 cancelling requests, against 90 one by one
    public async Task Every_order_is_placed_and_cancelled_and_the_holds_are_released(int batch, int orders, int requests)
    {
        var owners = new long[] { 61, 62, 63 };
        var accounts = owners.Select(owner => Account(owner, 1_000_000_0000L)).ToList();
        var before = owners.ToDictionary(owner => owner, JpyBalance);

        var result = await Load(batch).RunAsync(accounts, orders);

        result.Failures.ShouldBeEmpty();
        result.Placed.ShouldBe(orders);
        result.Cancelled.ShouldBe(orders);
        result.Requests.ShouldBe(requests);
        result.PlaceLatency.P50Nanoseconds.ShouldBeGreaterThan(0);
        var trading = _server.Get<TradingSequencer>();
        foreach (var owner in owners)
        {
            trading.Orders.OfOwner(owner).ShouldBeEmpty();
            JpyBalance(owner).ShouldBe(before[owner]);
        }
    }

    [Fact]
    public async Task In_batches_each_refused_order_is_counted_by_its_reason()
    {
        // Enough JPY for 2 of each batch of 3 (0.001 BTC at 1,000,000 JPY holds 1,000 JPY, plus the fee).
        var poor = Account(67, 2_500_0000L);

        var result = await Load(batch: 3).RunAsync([poor], 6);

        result.Placed.ShouldBe(4);
        result.Cancelled.ShouldBe(4);
        var (reason, count) = result.Failures.ShouldHaveSingleItem();
        reason.ShouldStartWith("place 200 insufficient-funds");
        count.ShouldBe(2);
    }

    [Fact]
    public async Task A_batch_refused_whole_counts_each_of_its_orders_by_the_reason()
    {
        var trader = Account(68, 1_000_000_0000L);

        var result = await new ApiLoad(new Uri(_server.Url), "doge_jpy", Price, "0.001", batch: 3).RunAsync([trader], 6);

        result.Placed.ShouldBe(0);
        var (reason, count) = result.Failures.ShouldHaveSingleItem();
        reason.ShouldBe("place 400 orders[0]: pair: no market 'doge_jpy'");
        count.ShouldBe(6);
    }

    [Fact]
    public async Task A_refused_placement_is_counted_by_its_reason_and_not_as_placed()
    {
        var broke = Account(64, 0);

        var result = await Load().RunAsync([broke], 3);

        result.Placed.ShouldBe(0);
        result.Cancelled.ShouldBe(0);
        result.Failures.Count.ShouldBe(1);
        var (reason, count) = result.Failures.Single();
        reason.ShouldStartWith("place 400 ");
        count.ShouldBe(3);
    }

    private AccountBalance JpyBalance(long owner)
    {
        var ledger = _server.Get<LedgerEngine>();
        return ledger.Balance(new TradingAccounts(ledger).Available("JPY", owner));
    }

    private ApiLoad Load(int batch = 1) => new(new Uri(_server.Url), "btc_jpy", Price, "0.001", batch);

    private ApiBenchAccount Account(long owner, long jpy)
    {
        var (key, secret) = jpy > 0 ? _server.Trader(owner, ("JPY", jpy)) : _server.Trader(owner);
        return new ApiBenchAccount($"load-{owner}@test.kinko.local", key, secret);
    }
}
