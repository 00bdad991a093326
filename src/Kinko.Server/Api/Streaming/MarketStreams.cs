using Kinko.Trading.Desk;
using Kinko.Trading.MarketData;

namespace Kinko.Server.Api.Streaming;

/// <summary>
/// The public channels, <c>{pair}-trades</c> and <c>{pair}-orderbook</c>: each market's feed events
/// (published by the sequencer once durable) fanned out to the connections subscribed to them. The
/// fan-out runs on the sequencer's thread and only queues (rendering is shared and done by the
/// first send loop that needs it); a full queue disconnects that client, nobody waits.
/// </summary>
internal sealed class MarketStreams(TradingSequencer trading, TimeProvider time)
{
    public const string TradesSuffix = "-trades";
    public const string OrderBookSuffix = "-orderbook";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PairStream> _pairs = new(StringComparer.Ordinal);

    /// <summary>Subscribes a connection to a channel; an error text when there is no such channel.</summary>
    public string? Subscribe(StreamConnection connection, string channel)
    {
        if (!TryParse(channel, out var pair, out var orderBook))
        {
            return $"unknown channel '{channel}' (channels: <pair>{TradesSuffix}, <pair>{OrderBookSuffix}; pairs: {string.Join(", ", trading.Markets.Keys.Order(StringComparer.Ordinal))})";
        }

        var stream = Stream(pair);
        if (stream is null)
        {
            return $"unknown channel '{channel}': the market has no feed yet";
        }

        lock (stream.Gate)
        {
            var list = orderBook ? stream.Books : stream.Trades;
            if (list.Contains(connection))
            {
                return null;
            }

            list.Add(connection);
            if (orderBook)
            {
                // Under the gate the fan-out holds: every diff after this snapshot is queued behind it.
                var depth = stream.Feed.Depth;
                var market = trading.Markets[pair];
                var at = time.GetUtcNow();
                connection.TryEnqueue(new Outgoing(() => StreamMessages.Snapshot(market, depth, at), pair, depth.Sequence, IsSnapshot: true));
            }
        }

        return null;
    }

    public void Unsubscribe(StreamConnection connection, string channel)
    {
        if (TryParse(channel, out var pair, out var orderBook) && Stream(pair) is { } stream)
        {
            lock (stream.Gate)
            {
                (orderBook ? stream.Books : stream.Trades).Remove(connection);
            }
        }
    }

    /// <summary>Forgets a connection that ended.</summary>
    public void Leave(StreamConnection connection)
    {
        List<PairStream> streams;
        lock (_gate)
        {
            streams = [.. _pairs.Values];
        }

        foreach (var stream in streams)
        {
            lock (stream.Gate)
            {
                stream.Books.Remove(connection);
                stream.Trades.Remove(connection);
            }
        }
    }

    private bool TryParse(string channel, out string pair, out bool orderBook)
    {
        orderBook = channel.EndsWith(OrderBookSuffix, StringComparison.Ordinal);
        var suffix = orderBook ? OrderBookSuffix : TradesSuffix;
        pair = channel.EndsWith(suffix, StringComparison.Ordinal) ? channel[..^suffix.Length] : "";
        return pair.Length > 0 && trading.Markets.ContainsKey(pair);
    }

    /// <summary>The pair's stream, attached to its feed on first use.</summary>
    private PairStream? Stream(string pair)
    {
        lock (_gate)
        {
            if (_pairs.TryGetValue(pair, out var stream))
            {
                return stream;
            }

            if (trading.Feeds.Find(pair) is not { } feed)
            {
                return null;
            }

            stream = new PairStream(feed);
            feed.Published += e => Publish(stream, e);
            _pairs.Add(pair, stream);
            return stream;
        }
    }

    /// <summary>On the sequencer's thread: queue the event for every subscriber, render it once, later.</summary>
    private void Publish(PairStream stream, FeedEvent feedEvent)
    {
        var market = trading.Markets[stream.Feed.Pair];
        var at = time.GetUtcNow();
        var diff = new Lazy<byte[]>(() => StreamMessages.Diff(market, feedEvent, at));
        var trades = new Lazy<byte[]>(() => StreamMessages.Trades(market, feedEvent));
        lock (stream.Gate)
        {
            foreach (var connection in stream.Books)
            {
                connection.TryEnqueue(Outgoing.Shared(diff, market.Pair, feedEvent.Sequence));
            }

            if (feedEvent.Trades.Count > 0)
            {
                foreach (var connection in stream.Trades)
                {
                    connection.TryEnqueue(Outgoing.Shared(trades));
                }
            }
        }
    }

    private sealed class PairStream(MarketFeed feed)
    {
        public Lock Gate { get; } = new();

        public MarketFeed Feed { get; } = feed;

        public List<StreamConnection> Books { get; } = [];

        public List<StreamConnection> Trades { get; } = [];
    }
}
