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

    [Fact]
    public async Task Every_order_is_placed_and_cancelled_and_the_holds_are_released()
    {
        var owners = new long[] { 61, 62, 63 };
        var accounts = owners.Select(owner => Account(owner, 1_000_000_0000L)).ToList();
        var before = owners.ToDictionary(owner => owner, JpyBalance);

        var result = await Load().RunAsync(accounts, 40);

        result.Failures.ShouldBeEmpty();
        result.Placed.ShouldBe(40);
        result.Cancelled.ShouldBe(40);
        result.PlaceLatency.P50Nanoseconds.ShouldBeGreaterThan(0);
        var trading = _server.Get<TradingSequencer>();
        foreach (var owner in owners)
        {
            trading.Orders.OfOwner(owner).ShouldBeEmpty();
            JpyBalance(owner).ShouldBe(before[owner]);
        }
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

    private ApiLoad Load() => new(new Uri(_server.Url), "btc_jpy", Price, "0.001");

    private ApiBenchAccount Account(long owner, long jpy)
    {
        var (key, secret) = jpy > 0 ? _server.Trader(owner, ("JPY", jpy)) : _server.Trader(owner);
        return new ApiBenchAccount($"load-{owner}@test.kinko.local", key, secret);
    }
}
