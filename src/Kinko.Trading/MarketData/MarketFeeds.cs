using Kinko.Trading.Desk;

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
            feed.Publish([], desk.Engine);
        }
    }

    /// <summary>After a durable commit of the journal records after <paramref name="before"/>: each touched market's trades and book.</summary>
    internal void Publish(TradingCore core, IReadOnlyList<TradingResult> results, long before)
    {
        var trades = results.SelectMany(r => r.Trades).ToLookup(t => t.Pair, StringComparer.Ordinal);
        foreach (var desk in core.Markets.Values.Where(d => d.LastSequence > before))
        {
            Get(desk.Market.Pair).Publish(trades[desk.Market.Pair].ToList(), desk.Engine);
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
