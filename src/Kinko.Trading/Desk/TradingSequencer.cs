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
public sealed partial class TradingSequencer : IAsyncDisposable
{
    /// <summary>Most commands in one commit.</summary>
    public const int MaxCommandsPerCommit = 2_048;

    /// <summary>Most commands waiting for a commit; submitters wait when it is full.</summary>
    public const int MaxQueuedCommands = 65_536;

    /// <summary>Longest wait, once the loop has stopped, for a commit it had queued.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

    private readonly LedgerEngine _ledger;
    private readonly TradingCore _core;
    private readonly TimeProvider _time;
    private readonly ClientOrderIds _clientOrderIds;
    private readonly Channel<Submission> _queue =
        Channel.CreateBounded<Submission>(new BoundedChannelOptions(MaxQueuedCommands) { SingleReader = true });

    private Task? _loop;
    private volatile IReadOnlyDictionary<string, Market> _markets = new Dictionary<string, Market>();
    private long _lastSequence; // durable
    private long _stagedSequence; // applied in memory, possibly still being written
    private LedgerCommit? _lastCommit;
    private long _snapshotSequence;
    private Exception? _failure;

    private TradingSequencer(LedgerEngine ledger, TradingCore core, TimeProvider time, long snapshotEvery)
    {
        _ledger = ledger;
        _core = core;
        _time = time;
        _clientOrderIds = new ClientOrderIds(ledger.Store);
        History = new OwnerHistory(ledger.Store, Orders);
        SnapshotEvery = snapshotEvery;
    }

    /// <summary>Journal records between snapshots.</summary>
    public long SnapshotEvery { get; }

    /// <summary>Every open and waiting order, for readers on any thread (updated once durable).</summary>
    public OpenOrders Orders { get; } = new();

    /// <summary>Each customer's fills and orders, open or ended (what is durable).</summary>
    public OwnerHistory History { get; }

    /// <summary>The markets as they stand (a snapshot readers may hold; replaced when a market is configured).</summary>
    public IReadOnlyDictionary<string, Market> Markets => _markets;

    /// <summary>Public market data (depth, trades, 24-hour figures, the numbered event stream), updated after each commit.</summary>
    public MarketFeeds Feeds { get; } = new();

    /// <summary>Customers' order and execution events, handed over once durable (captured only while someone listens).</summary>
    public AccountFeed Accounts { get; } = new();

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
        sequencer._loop = Task.Factory.StartNew(sequencer.Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
    public Task<TradingResult> SubmitAsync(TradingCommand command, CancellationToken cancellationToken = default) =>
        SubmitAsync(command, null, cancellationToken);

    /// <summary>
    /// Submits a command with the API nonce its request spent, if any: the command's commit writes the
    /// nonce in the same transaction, whether the command is accepted or refused, so that when the
    /// task completes both are durable (if it fails, neither may be).
    /// </summary>
    public async Task<TradingResult> SubmitAsync(TradingCommand command, ApiNonce? nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_failure is not null)
        {
            throw Stopped();
        }

        var submission = new Submission(command, nonce);
        await _queue.Writer.WriteAsync(submission, cancellationToken).ConfigureAwait(false);
        return await submission.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a snapshot now (the loop also writes one every <see cref="SnapshotEvery"/> records).
    /// Call it only while no command is in progress (tests, shutdown).
    /// </summary>
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

        Accounts.Complete();
    }

    private void Recover(AssetRegistry assets)
    {
        var snapshot = _ledger.Store.LatestSnapshot(TradingSnapshot.Name);
        if (snapshot is not null && TradingSnapshot.IsReadable(snapshot.Payload))
        {
            _lastSequence = TradingSnapshot.Restore(_core, snapshot.Payload, assets);
            _snapshotSequence = _lastSequence;
        }

        _lastSequence = JournalReplay.Apply(_core, _ledger.Store, _lastSequence);
        _stagedSequence = _lastSequence;
        HoldAudit.Check(_core, _ledger);
        Feeds.Seed(_core, new MarketHistory(_ledger.Store), _time.GetUtcNow());
        Orders.Rebuild(_core);
        RefreshMarkets();
    }

    /// <summary>
    /// The loop: stage a batch (apply its commands, queue its commit), then, while that commit is
    /// written, stage the next; callers of a batch are answered once it is durable. Snapshots are
    /// taken only when nothing is staged beyond what is durable. It runs on a thread of its own and
    /// blocks while it waits, so that the next batch never queues behind request work for a pool thread.
    /// </summary>
    private void Run()
    {
        StagedBatch? writing = null;
        while (writing is not null || _queue.Reader.WaitToRead())
        {
            var batch = new List<Submission>(Math.Min(_queue.Reader.Count, MaxCommandsPerCommit));
            while (batch.Count < MaxCommandsPerCommit && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            StagedBatch? staged = null;
            try
            {
                if (writing is not null && (batch.Count == 0 || _stagedSequence - _snapshotSequence >= SnapshotEvery))
                {
                    Finish(writing);
                    writing = null;
                    TakeSnapshotIfDue();
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                if (_failure is not null)
                {
                    Refuse(batch);
                    continue;
                }

                staged = Stage(batch);
                if (writing is not null)
                {
                    Finish(writing);
                }

                writing = staged;
            }
#pragma warning disable CA1031 // not swallowed: the sequencer stops and every caller gets the failure
            catch (Exception e)
#pragma warning restore CA1031
            {
                // Outside any one batch (opening a ledger batch, publishing, a snapshot): what is in
                // memory may no longer match the store, so stop as after a failed commit. The callers in
                // hand are answered here; the loop goes on only to refuse those still to come.
                _failure ??= e;
                AnswerAfterStop(writing, e);
                AnswerAfterStop(staged, e);
                batch.ForEach(s => s.Completion.TrySetException(e));
                writing = null;
            }
        }
    }

    /// <summary>
    /// After the loop stopped: a batch whose commit was queued becomes durable or fails whatever
    /// happens here, so its callers are told what the store holds, not just that the loop stopped.
    /// </summary>
    private static void AnswerAfterStop(StagedBatch? staged, Exception stop)
    {
        if (staged is null)
        {
            return;
        }

        // Waits without throwing (the outcome is read from the task), and not forever: a writer
        // that cannot go on must not keep the callers of later submissions waiting.
        ((IAsyncResult)staged.Durable).AsyncWaitHandle.WaitOne(StopWait);
        if (!staged.Durable.IsCompletedSuccessfully)
        {
            staged.Submissions.ForEach(s => s.Completion.TrySetException(stop));
            return;
        }

        for (var i = 0; i < staged.Submissions.Count; i++)
        {
            staged.Submissions[i].Completion.TrySetResult(staged.Results[i]);
        }
    }

    /// <summary>Applies a batch's commands in one ledger batch and queues its commit (journal, transfers, trades together).</summary>
    private StagedBatch? Stage(List<Submission> batch)
    {
        var results = new TradingResult[batch.Count];
        var accepted = new List<(TradingCommand, long)>(batch.Count);
        var events = new List<StoreEvent>();
        var clientOrderKeys = new List<(long, long)>();
        var before = _stagedSequence;
        var sequence = before;
        // Built on the batch still being written: if that one is taken back, this one is refused.
        var ledgerBatch = _ledger.BeginBatch(_lastCommit);
        try
        {
            var live = new LiveHoldLedger(ledgerBatch);
            for (var i = 0; i < batch.Count; i++)
            {
                var command = batch[i].Command;
                var result = (command as PlaceOrder) is { } place ? _clientOrderIds.Find(place) : null;
                result ??= _core.Execute(command, sequence + 1, ledgerBatch.Timestamp, live);
                if (result.Accepted && !result.IsRepeat)
                {
                    sequence++;
                    accepted.Add((command, result.OrderId));
                    TradingEvents.AddTo(events, result, ledgerBatch.Timestamp);
                    if (command is PlaceOrder { ClientOrderId: not null } placed)
                    {
                        var (remembered, key) = _clientOrderIds.Remember(placed, result.OrderId, ledgerBatch.Timestamp);
                        events.Add(remembered);
                        clientOrderKeys.Add(key);
                    }
                }

                results[i] = result;
            }

            // One journal record per commit, numbered by its last command.
            JournalRecord[] journal = accepted.Count == 0 ? [] : [new JournalRecord(sequence, ledgerBatch.Timestamp, JournalCodec.EncodeRecord(accepted))];
            var commit = ledgerBatch.CommitAsync(journal, events, Nonces(batch));
            _lastCommit = commit;
            _stagedSequence = sequence;
            var accountSteps = Accounts.Active ? AccountSteps(batch, results) : null;
            return new StagedBatch(batch, results, commit.Durable, sequence, MarketFeeds.Capture(_core, results, before), OpenOrders.Capture(_core, results),
                clientOrderKeys, accountSteps, ledgerBatch.Timestamp);
        }
#pragma warning disable CA1031 // not swallowed: the sequencer stops and every caller gets the failure
        catch (Exception e)
#pragma warning restore CA1031
        {
            ledgerBatch.Dispose();
            Fail(e, batch);
            return null;
        }
    }

    /// <summary>Waits until a staged batch is durable, then publishes its market data and answers its callers.</summary>
    private void Finish(StagedBatch? staged)
    {
        if (staged is null)
        {
            return;
        }

        // A batch built on one that failed is taken back with it, so a durable batch stands on durable
        // books: its callers are told yes even when a batch staged after it failed meanwhile.
        try
        {
            staged.Durable.GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // not swallowed: the sequencer stops and every caller gets the failure
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(e, staged.Submissions);
            return;
        }

        Interlocked.Exchange(ref _lastSequence, staged.Sequence);
        if (staged.Submissions.Any(s => s.Command is ConfigureMarket))
        {
            RefreshMarkets();
        }

        Feeds.Publish(staged.MarketData);
        var before = Orders.Apply(staged.OrderChanges, keepPrevious: staged.AccountSteps is not null);
        _clientOrderIds.Forget(staged.ClientOrderKeys);
        if (staged.AccountSteps is { Count: > 0 } steps)
        {
            Accounts.Publish(new AccountCommit(staged.At, steps, before));
        }

        for (var i = 0; i < staged.Submissions.Count; i++)
        {
            staged.Submissions[i].Completion.TrySetResult(staged.Results[i]);
        }
    }

    /// <summary>
    /// The books moved in memory but a batch is not durable: nothing more may be accepted until a
    /// restart rebuilds the state from the store.
    /// </summary>
    private void Fail(Exception error, List<Submission> batch)
    {
        _failure ??= error;
        batch.ForEach(s => s.Completion.TrySetException(error));
    }

    private void Refuse(List<Submission> batch) =>
        batch.ForEach(s => s.Completion.TrySetException(Stopped()));

    private InvalidOperationException Stopped() => new("the trading sequencer stopped after a failure; restart to recover", _failure);

    private void RefreshMarkets() =>
        _markets = _core.Markets.Values.ToDictionary(d => d.Market.Pair, d => d.Market, StringComparer.Ordinal);

    private void TakeSnapshotIfDue()
    {
        if (_failure is null && _stagedSequence == _lastSequence && _lastSequence - _snapshotSequence >= SnapshotEvery)
        {
            WriteSnapshot();
        }
    }
}
