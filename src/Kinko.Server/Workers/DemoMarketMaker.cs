using Kinko.Primitives;
using Kinko.Trading.Desk;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kinko.Server.Workers;

/// <summary>
/// The market maker of <c>kinko serve --demo</c>: at start it finds or makes the demo accounts
/// (<see cref="DemoAccounts"/>); then, every <see cref="DemoOptions.IntervalMilliseconds"/>, it walks each
/// market's reference price, brings its ladder of orders back around it and now and then lets the taker
/// bot trade against it. Every order goes through the <see cref="TradingSequencer"/> like a customer's
/// (holds, fees, journal); a round's commands go in together and are bounded by
/// <see cref="DemoOptions.MaxCommandsPerRound"/>. Nothing is logged per order.
/// </summary>
public sealed partial class DemoMarketMaker(DemoOptions options, ServerOptions server, TradingSequencer sequencer, DemoAccounts accounts, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<DemoMarketMaker> logger)
    : IHostedService, IDisposable
{
    /// <summary>Longest the server's stop waits for a round in progress.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Random _random = new(options.Seed);
    private readonly List<DemoQuoter> _quoters = [];
    private Task _loop = Task.CompletedTask;
    private long _rounds;
    private long _commands;
    private long _refused;
    private long _trades;
    private long _topUps;

    /// <summary>The accounts this start found or made (set once started).</summary>
    public DemoSetup? Setup { get; private set; }

    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>Commands sent to the sequencer so far (this run).</summary>
    public long Commands => Interlocked.Read(ref _commands);

    /// <summary>Commands the sequencer refused (out of band, not enough funds after someone traded, an order already gone).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Trades the taker bot made so far (this run).</summary>
    public long Trades => Interlocked.Read(ref _trades);

    /// <summary>Top-up credits made so far (this run).</summary>
    public long TopUps => Interlocked.Read(ref _topUps);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var markets = sequencer.Markets.Values.OrderBy(m => m.Pair, StringComparer.Ordinal).ToList();
        var assets = markets.SelectMany(m => new[] { m.Base.Code, m.Quote.Code }).Distinct(StringComparer.Ordinal).ToList();
        Setup = await accounts.EnsureAsync(server.DataFolder, options, assets).ConfigureAwait(false);
        foreach (var market in markets)
        {
            _quoters.Add(new DemoQuoter(market, options, sequencer.Feeds.Find(market.Pair)?.LastTradePriceTicks ?? 0));
        }

        // Registered after the sequencer's own stop, so it runs before it: the last round finishes while
        // the sequencer still takes commands.
        lifetime.ApplicationStopping.Register(() => StopLoop().GetAwaiter().GetResult());
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopLoop();

    public void Dispose() => _stopping.Dispose();

    private async Task StopLoop()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await _loop.WaitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogSlowStop(logger, StopTimeout.TotalSeconds);
        }
    }

    private async Task RunAsync(CancellationToken token)
    {
        LogStarted(logger, _quoters.Count, options.IntervalMilliseconds);
        try
        {
            while (!token.IsCancellationRequested)
            {
                await RoundAsync().ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(options.IntervalMilliseconds), time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping: the round in progress was finished before the delay noticed.
        }
        catch (InvalidOperationException) when (token.IsCancellationRequested)
        {
            // Stopping and the sequencer closed first: nothing is lost, its commands were never queued.
        }
#pragma warning disable CA1031 // not swallowed: logged as critical and the server stops
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The sequencer stopped after a failed commit, or a broken invariant: the demo cannot go on, and neither should the server.
            LogFailed(logger, e);
            lifetime.StopApplication();
        }
    }

    /// <summary>One round: top-ups if a bot runs low, then every market's quotes and maybe a trade, sent together.</summary>
    private async Task RoundAsync()
    {
        var setup = Setup!;
        var budget = new DemoBudget(options.MaxCommandsPerRound);
        var assets = _quoters.SelectMany(q => new[] { q.Market.Base, q.Market.Quote }).DistinctBy(a => a.Code).ToList();
        foreach (var asset in assets)
        {
            TopUp(setup, asset, assets);
            budget.Maker[asset.Code] = accounts.Available(setup.MakerId, asset.Code);
            budget.Taker[asset.Code] = accounts.Available(setup.TakerId, asset.Code);
        }

        var own = sequencer.Orders.OfOwner(setup.MakerId);
        var commands = new List<TradingCommand>();
        var first = (int)(Rounds % Math.Max(1, _quoters.Count));
        for (var i = 0; i < _quoters.Count; i++)
        {
            var quoter = _quoters[(first + i) % _quoters.Count];
            var last = sequencer.Feeds.Find(quoter.Market.Pair)?.LastTradePriceTicks ?? 0;
            quoter.Walk(_random, last);
            commands.AddRange(quoter.Requote(setup.MakerId, own, last, budget, _random));
            if (budget.Commands > 0 && _random.Next(100) < options.TakerChancePercent && quoter.Take(setup.TakerId, last, budget, _random) is { } take)
            {
                budget.Commands--;
                commands.Add(take);
            }
        }

        // Queued in order (the sequencer keeps it), answered once durable.
        var pending = commands.Select(c => sequencer.SubmitAsync(c)).ToList();
        foreach (var result in await Task.WhenAll(pending).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _commands);
            if (!result.Accepted)
            {
                Interlocked.Increment(ref _refused);
            }
            else if (result.Trades.Count > 0)
            {
                Interlocked.Add(ref _trades, result.Trades.Count);
            }
        }

        Interlocked.Increment(ref _rounds);
    }

    private void TopUp(DemoSetup setup, Asset asset, IReadOnlyCollection<Asset> assets)
    {
        var funding = DemoAccounts.BotFunding(asset, options, assets.Select(a => a.Code).ToList());
        if (accounts.TopUpIfLow(maker: true, setup.MakerId, asset, funding))
        {
            Interlocked.Increment(ref _topUps);
        }

        if (accounts.TopUpIfLow(maker: false, setup.TakerId, asset, funding))
        {
            Interlocked.Increment(ref _topUps);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo market maker quoting {Markets} markets every {IntervalMilliseconds} ms")]
    private static partial void LogStarted(ILogger logger, int markets, int intervalMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo market maker: a round did not finish within {Seconds} s of the stop")]
    private static partial void LogSlowStop(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Demo market maker failed; stopping the server")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
