using Kinko.Trading.Matching;

namespace Kinko.Trading.MarketData;

/// <summary>One aggregated price level as published.</summary>
public readonly record struct LevelChange(Side Side, long PriceTicks, long Lots);

/// <summary>
/// An event of a market's public stream: trades or changed depth levels (lots 0: the level is gone),
/// numbered per market so that a client that misses one can tell and resync from <see cref="MarketFeed.Depth"/>.
/// </summary>
public sealed record FeedEvent(long Sequence, IReadOnlyList<Trade> Trades, IReadOnlyList<LevelChange> Changes);

/// <summary>The published depth of a market: bids and asks best first, with the feed sequence it matches.</summary>
public sealed record DepthView(string Pair, long Sequence, IReadOnlyList<DepthLevel> Bids, IReadOnlyList<DepthLevel> Asks)
{
    public long BestBidTicks => Bids.Count > 0 ? Bids[0].PriceTicks : 0;

    public long BestAskTicks => Asks.Count > 0 ? Asks[0].PriceTicks : 0;
}

/// <summary>
/// A market's public data as readers see it: the depth, the last trades, rolling 24-hour figures
/// and the numbered event stream. Written by the trading sequencer after each durable commit,
/// read by any thread.
/// </summary>
public sealed class MarketFeed
{
    /// <summary>Levels per side kept in the published depth (and diffed into events).</summary>
    public const int MaxDepthLevels = 500;

    /// <summary>Events kept for clients catching up; an older gap means a resync.</summary>
    public const int MaxRetainedEvents = 10_000;

    /// <summary>Trades kept in memory for the trades endpoint's first page.</summary>
    public const int MaxRecentTrades = 1_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<FeedEvent> _events = new();
    private readonly LinkedList<Trade> _recentTrades = new();
    private readonly RollingDay _day = new();
    private DepthView _depth;

    public MarketFeed(string pair)
    {
        Pair = pair;
        _depth = new DepthView(pair, 0, [], []);
    }

    public string Pair { get; }

    /// <summary>Raised (on the sequencer's thread, after the commit) for every new event.</summary>
    public event Action<FeedEvent>? Published;

    public DepthView Depth
    {
        get
        {
            lock (_gate)
            {
                return _depth;
            }
        }
    }

    public long Sequence => Depth.Sequence;

    public long LastTradePriceTicks { get; private set; }

    /// <summary>The newest trades, newest first.</summary>
    public IReadOnlyList<Trade> RecentTrades(int limit)
    {
        lock (_gate)
        {
            return _recentTrades.Take(limit).ToList();
        }
    }

    /// <summary>High, low and volume over the 24 hours before <paramref name="now"/> (to the minute).</summary>
    public DayFigures Day(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _day.Figures(now);
        }
    }

    /// <summary>Events after <paramref name="sequence"/>, or null when some were already dropped (resync from <see cref="Depth"/>).</summary>
    public IReadOnlyList<FeedEvent>? EventsAfter(long sequence)
    {
        lock (_gate)
        {
            if (sequence >= _depth.Sequence)
            {
                return [];
            }

            var first = _events.First?.Value.Sequence ?? long.MaxValue;
            return sequence + 1 < first ? null : _events.Where(e => e.Sequence > sequence).ToList();
        }
    }

    /// <summary>Seeds the rolling figures and recent trades from stored trades (at start), oldest first.</summary>
    public void Seed(IEnumerable<Trade> trades, long lastTradePriceTicks)
    {
        ArgumentNullException.ThrowIfNull(trades);
        lock (_gate)
        {
            foreach (var trade in trades)
            {
                Remember(trade);
            }

            LastTradePriceTicks = lastTradePriceTicks;
        }
    }

    /// <summary>Publishes a commit's trades and the book after it; one event carries both, under the next sequence.</summary>
    internal void Publish(MarketUpdate update)
    {
        FeedEvent? published = null;
        lock (_gate)
        {
            var changes = Diff(Side.Buy, _depth.Bids, update.Bids).Concat(Diff(Side.Sell, _depth.Asks, update.Asks)).ToList();
            if (update.Trades.Count == 0 && changes.Count == 0)
            {
                return;
            }

            var sequence = _depth.Sequence + 1;
            _depth = new DepthView(Pair, sequence, update.Bids, update.Asks);
            published = new FeedEvent(sequence, update.Trades, changes);
            _events.AddLast(published);
            if (_events.Count > MaxRetainedEvents)
            {
                _events.RemoveFirst();
            }

            foreach (var trade in update.Trades)
            {
                Remember(trade);
            }

            LastTradePriceTicks = update.LastTradePriceTicks;
        }

        Published?.Invoke(published);
    }

    private void Remember(Trade trade)
    {
        _recentTrades.AddFirst(trade);
        if (_recentTrades.Count > MaxRecentTrades)
        {
            _recentTrades.RemoveLast();
        }

        _day.Add(trade);
    }

    private static IEnumerable<LevelChange> Diff(Side side, IReadOnlyList<DepthLevel> before, IReadOnlyList<DepthLevel> after)
    {
        var old = before.ToDictionary(l => l.PriceTicks, l => l.Lots);
        foreach (var level in after)
        {
            if (!old.Remove(level.PriceTicks, out var lots) || lots != level.Lots)
            {
                yield return new LevelChange(side, level.PriceTicks, level.Lots);
            }
        }

        foreach (var gone in old.Keys.Order())
        {
            yield return new LevelChange(side, gone, 0);
        }
    }
}
