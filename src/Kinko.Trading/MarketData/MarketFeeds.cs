using Kinko.Trading.Desk;
using Kinko.Trading.Matching;

namespace Kinko.Trading.MarketData;

/// <summary>Every market's <see cref="MarketFeed"/>, by pair.</summary>
public sealed class MarketFeeds
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MarketFeed> _feeds = new(StringComparer.Ordinal);

    public MarketFeed? Find(string pair)
    {
        lock (_gate)
        {
            return _feeds.GetValueOrDefault(pair);
        }
    }

    public IReadOnlyList<MarketFeed> All()
    {
        lock (_gate)
        {
            return _feeds.Values.OrderBy(f => f.Pair, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>At start: every market's feed, with its last day of trades from the store and its current book.</summary>
    internal void Seed(TradingCore core, MarketHistory history, DateTimeOffset now)
    {
        foreach (var desk in core.Markets.Values)
        {
            var feed = Get(desk.Market.Pair);
            feed.Seed(history.TradesBetween(desk.Market.Pair, now.AddDays(-1), now.AddMinutes(1)), desk.Engine.LastTradePriceTicks);
            feed.Publish(MarketUpdate.Of(desk, []));
        }
    }

    /// <summary>
    /// What a staged batch changed, per market touched (journal records after <paramref name="before"/>):
    /// its trades and the depth right after it. Captured when staged, published once durable.
    /// </summary>
    internal static IReadOnlyList<MarketUpdate> Capture(TradingCore core, IReadOnlyList<TradingResult> results, long before)
    {
        var trades = results.SelectMany(r => r.Trades).ToLookup(t => t.Pair, StringComparer.Ordinal);
        return core.Markets.Values
            .Where(d => d.LastSequence > before)
            .Select(d => MarketUpdate.Of(d, trades[d.Market.Pair].ToList()))
            .ToList();
    }

    /// <summary>Publishes a durable batch's market updates.</summary>
    internal void Publish(IReadOnlyList<MarketUpdate> updates)
    {
        foreach (var update in updates)
        {
            Get(update.Pair).Publish(update);
        }
    }

    private MarketFeed Get(string pair)
    {
        lock (_gate)
        {
            if (!_feeds.TryGetValue(pair, out var feed))
            {
                feed = new MarketFeed(pair);
                _feeds.Add(pair, feed);
            }

            return feed;
        }
    }
}

/// <summary>One market's share of a commit: its trades, the depth after it and the last trade price.</summary>
internal sealed record MarketUpdate(string Pair, IReadOnlyList<Trade> Trades, IReadOnlyList<DepthLevel> Bids, IReadOnlyList<DepthLevel> Asks, long LastTradePriceTicks)
{
    /// <summary>The market's trades given and its book as it stands now.</summary>
    public static MarketUpdate Of(MarketDesk desk, IReadOnlyList<Trade> trades) =>
        new(desk.Market.Pair, trades, desk.Engine.Depth(Side.Buy, MarketFeed.MaxDepthLevels), desk.Engine.Depth(Side.Sell, MarketFeed.MaxDepthLevels), desk.Engine.LastTradePriceTicks);
}
