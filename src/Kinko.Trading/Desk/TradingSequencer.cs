using System.Threading.Channels;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Trading.MarketData;
using Kinko.Trading.Markets;

namespace Kinko.Trading.Desk;

/// <summary>
/// The one sequencer that owns order holds (DESIGN.md, write path). Commands from any caller queue
/// here; one loop takes what is queued, applies each command in order (hold, match, settle) inside
/// one ledger batch, and commits the batch with the commands' journal records in one transaction
/// (group commit). A caller's task completes only after its command is durable, or refused.
/// </summary>
public sealed class TradingSequencer : IAsyncDisposable
{
    /// <summary>Most commands in one commit.</summary>
    public const int MaxCommandsPerCommit = 2_048;

    /// <summary>Most commands waiting for a commit; submitters wait when it is full.</summary>
    public const int MaxQueuedCommands = 65_536;

    private readonly LedgerEngine _ledger;
    private readonly TradingCore _core;
    private readonly TimeProvider _time;
    private readonly Channel<Submission> _queue =
        Channel.CreateBounded<Submission>(new BoundedChannelOptions(MaxQueuedCommands) { SingleReader = true });

    private Task? _loop;
    private long _lastSequence;
    private long _snapshotSequence;
    private Exception? _failure;

    private TradingSequencer(LedgerEngine ledger, TradingCore core, TimeProvider time, long snapshotEvery)
    {
        _ledger = ledger;
        _core = core;
        _time = time;
        SnapshotEvery = snapshotEvery;
    }

    /// <summary>Journal records between snapshots.</summary>
    public long SnapshotEvery { get; }

    /// <summary>Public market data (depth, trades, 24-hour figures, the numbered event stream), updated after each commit.</summary>
    public MarketFeeds Feeds { get; } = new();

    /// <summary>The trading state. Read it only from the loop or when the sequencer is idle (tests, replay checks).</summary>
    public TradingCore Core => _core;

    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>
    /// Recovers trading from the store (latest snapshot, then the journal after it), checks every
    /// order's hold against the ledger, opens or updates the configured markets, and starts the loop.
    /// </summary>
    public static async Task<TradingSequencer> OpenAsync(
        LedgerEngine ledger, AssetRegistry assets, IEnumerable<MarketSpec> markets, TimeProvider time, long snapshotEvery = 100_000)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(markets);
        var core = new TradingCore(assets, new TradingAccounts(ledger));
        var sequencer = new TradingSequencer(ledger, core, time, snapshotEvery);
        sequencer.Recover(assets);
        sequencer._loop = Task.Factory.StartNew(sequencer.RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        foreach (var spec in markets)
        {
            if (core.Find(spec.Pair)?.Market.Spec != spec)
            {
                var result = await sequencer.SubmitAsync(new ConfigureMarket(spec)).ConfigureAwait(false);
                if (!result.Accepted)
                {
                    await sequencer.DisposeAsync().ConfigureAwait(false);
                    throw new KinkoException(result.Error!);
                }
            }
        }

        return sequencer;
    }

    /// <summary>Submits a command; completes once it is durable (or refused).</summary>
    public async Task<TradingResult> SubmitAsync(TradingCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_failure is not null)
        {
            throw new InvalidOperationException("the trading sequencer stopped after a failure; restart to recover", _failure);
        }

        var submission = new Submission(command);
        await _queue.Writer.WriteAsync(submission, cancellationToken).ConfigureAwait(false);
        return await submission.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Writes a snapshot now (the loop also writes one every <see cref="SnapshotEvery"/> records).</summary>
    public void WriteSnapshot()
    {
        var sequence = _lastSequence;
        _ledger.SaveSnapshot(new JournalSnapshot(TradingSnapshot.Name, sequence, _time.GetUtcNow(), TradingSnapshot.Write(_core, sequence)));
        _snapshotSequence = sequence;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    private void Recover(AssetRegistry assets)
    {
        var snapshot = _ledger.Store.LatestSnapshot(TradingSnapshot.Name);
        if (snapshot is not null)
        {
            _lastSequence = TradingSnapshot.Restore(_core, snapshot.Payload, assets);
            _snapshotSequence = _lastSequence;
        }

        _lastSequence = JournalReplay.Apply(_core, _ledger.Store, _lastSequence);
        HoldAudit.Check(_core, _ledger);
        Feeds.Seed(_core, new MarketHistory(_ledger.Store), _time.GetUtcNow());
    }

    private async Task RunAsync()
    {
        var batch = new List<Submission>(MaxCommandsPerCommit);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxCommandsPerCommit && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (_failure is not null)
            {
                batch.ForEach(s => s.Completion.TrySetException(new InvalidOperationException("the trading sequencer stopped after a failure; restart to recover", _failure)));
                continue;
            }

            Commit(batch);
            if (_failure is null && _lastSequence - _snapshotSequence >= SnapshotEvery)
            {
                WriteSnapshot();
            }
        }
    }

    private void Commit(List<Submission> batch)
    {
        var results = new TradingResult[batch.Count];
        var journal = new List<JournalRecord>(batch.Count);
        var events = new List<StoreEvent>();
        var before = _lastSequence;
        var sequence = before;
        try
        {
            using (var ledgerBatch = _ledger.BeginBatch())
            {
                var live = new LiveHoldLedger(ledgerBatch);
                for (var i = 0; i < batch.Count; i++)
                {
                    var result = _core.Execute(batch[i].Command, sequence + 1, ledgerBatch.Timestamp, live);
                    if (result.Accepted)
                    {
                        sequence++;
                        journal.Add(new JournalRecord(sequence, ledgerBatch.Timestamp, JournalCodec.Encode(batch[i].Command, result.OrderId)));
                        events.AddRange(result.Trades.Select(t => new StoreEvent(Trade.Stream(t.Pair), t.Id, t.At, t.ToPayload())));
                    }

                    results[i] = result;
                }

                ledgerBatch.Commit(journal, events);
            }

            Interlocked.Exchange(ref _lastSequence, sequence);
        }
#pragma warning disable CA1031 // not swallowed: the sequencer stops and every caller gets the failure
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The books moved in memory but the batch is not durable: nothing more may be accepted
            // until a restart rebuilds the state from the store.
            _failure = e;
            batch.ForEach(s => s.Completion.TrySetException(e));
            return;
        }

        Feeds.Publish(_core, results, before);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    private sealed class Submission(TradingCommand command)
    {
        public TradingCommand Command { get; } = command;

        public TaskCompletionSource<TradingResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
