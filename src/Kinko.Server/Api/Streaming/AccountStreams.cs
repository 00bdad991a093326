using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Trading.Desk;
using Microsoft.Extensions.Logging;

namespace Kinko.Server.Api.Streaming;

/// <summary>
/// The private channels: one reader takes the sequencer's durable account commits (see
/// <see cref="AccountFeed"/>), turns them into events and queues each on its owner's connections.
/// A balance message is queued at most once per connection at a time and rendered when sent.
/// If the feed lost commits (this reader fell behind), every private client is disconnected so
/// that it resyncs.
/// </summary>
internal sealed class AccountStreams(TradingSequencer trading, LedgerEngine ledger, AssetRegistry assets, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<Subscriber>> _byUser = [];
    private Task? _reader;

    /// <summary>A logged-in connection and the channels it asked for.</summary>
    public sealed class Subscriber(StreamConnection connection, long userId)
    {
        private int _balanceQueued;

        public StreamConnection Connection { get; } = connection;

        public long UserId { get; } = userId;

        public HashSet<string> Channels { get; } = new(StringComparer.Ordinal);

        internal bool Wants(string channel)
        {
            lock (Channels)
            {
                return Channels.Contains(channel);
            }
        }

        /// <summary>Queues the balance unless one is already waiting; it is read from the ledger when sent.</summary>
        internal void QueueBalance(LedgerEngine ledger, AssetRegistry assets)
        {
            if (Interlocked.Exchange(ref _balanceQueued, 1) == 0)
            {
                Connection.TryEnqueue(new Outgoing(() =>
                {
                    Volatile.Write(ref _balanceQueued, 0);
                    return StreamMessages.Balance(Balances.Of(ledger, assets, UserId));
                }));
            }
        }
    }

    public Subscriber Join(StreamConnection connection, long userId)
    {
        var subscriber = new Subscriber(connection, userId);
        lock (_gate)
        {
            _reader ??= Task.Run(ReadLoggedAsync);
            if (!_byUser.TryGetValue(userId, out var list))
            {
                _byUser[userId] = list = [];
            }

            list.Add(subscriber);
        }

        trading.Accounts.AddListener();
        return subscriber;
    }

    public void Leave(Subscriber subscriber)
    {
        lock (_gate)
        {
            if (_byUser.TryGetValue(subscriber.UserId, out var list) && list.Remove(subscriber) && list.Count == 0)
            {
                _byUser.Remove(subscriber.UserId);
            }
        }

        trading.Accounts.RemoveListener();
    }

    public void QueueBalance(Subscriber subscriber) => subscriber.QueueBalance(ledger, assets);

    private async Task ReadLoggedAsync()
    {
        try
        {
            await ReadAsync().ConfigureAwait(false);
        }
        catch (InvariantViolationException e)
        {
            // Not swallowed: the private feed stops (every client is told) and the error is logged as critical.
            logger.LogCritical(e, "the private WebSocket feed stopped");
            DropAll("the private feed stopped after an internal error");
            throw;
        }
    }

    private async Task ReadAsync()
    {
        var lost = trading.Accounts.LostCommits;
        await foreach (var commit in trading.Accounts.Commits.ReadAllAsync().ConfigureAwait(false))
        {
            if (trading.Accounts.LostCommits != lost)
            {
                lost = trading.Accounts.LostCommits;
                DropAll("events were lost (the server fell behind); reconnect and resync from the REST API");
            }

            Deliver(AccountEvents.Of(commit));
        }
    }

    private void Deliver(IReadOnlyList<AccountEvent> events)
    {
        var markets = trading.Markets;
        var touched = new HashSet<long>();
        foreach (var e in events)
        {
            touched.Add(e.OwnerId);
            var channel = e is OrderEvent ? PrivateChannels.Orders : PrivateChannels.Executions;
            var subscribers = Of(e.OwnerId).Where(s => s.Wants(channel)).ToList();
            if (subscribers.Count == 0)
            {
                continue;
            }

            var market = markets[e.Pair];
            var message = e switch
            {
                OrderEvent order => StreamMessages.Order(market, order),
                ExecutionEvent execution => StreamMessages.Execution(market, execution),
                _ => throw new InvalidOperationException($"unknown account event {e.GetType().Name}"),
            };
            subscribers.ForEach(s => s.Connection.TryEnqueue(message));
        }

        foreach (var user in touched)
        {
            foreach (var subscriber in Of(user).Where(s => s.Wants(PrivateChannels.Balance)))
            {
                subscriber.QueueBalance(ledger, assets);
            }
        }
    }

    private List<Subscriber> Of(long userId)
    {
        lock (_gate)
        {
            return _byUser.TryGetValue(userId, out var list) ? [.. list] : [];
        }
    }

    private void DropAll(string reason)
    {
        lock (_gate)
        {
            foreach (var subscriber in _byUser.Values.SelectMany(l => l))
            {
                subscriber.Connection.Drop(reason);
            }
        }
    }
}
