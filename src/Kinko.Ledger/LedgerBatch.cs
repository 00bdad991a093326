namespace Kinko.Ledger;

/// <summary>
/// One open commit of the <see cref="LedgerEngine"/> (see <see cref="LedgerEngine.BeginBatch"/>):
/// linked groups are applied in memory one at a time, and <see cref="Commit"/> (or
/// <see cref="CommitAsync"/>) makes all of them, with the journal records and events that go with
/// them, durable in one transaction. Single-threaded; the engine stays locked until the batch is
/// committed (queued for writing) or disposed.
/// </summary>
public sealed class LedgerBatch : IDisposable
{
    private readonly LedgerEngine _engine;
    private readonly BatchContext _context;
    private readonly LedgerCommit? _after;
    private bool _finished;

    internal LedgerBatch(LedgerEngine engine, LedgerCommit? after)
    {
        _engine = engine;
        _after = after;
        _context = engine.StartBatch(new Dictionary<string, Transfer>(StringComparer.Ordinal));
    }

    /// <summary>Transfers created so far in this batch.</summary>
    public int CreatedCount => _context.Created.Count;

    /// <summary>The batch's timestamp (every transfer in it carries it).</summary>
    public DateTimeOffset Timestamp => _context.Timestamp;

    /// <summary>Validates and applies one linked group (all or nothing) in memory; its keys are checked against the store first.</summary>
    public TransferResult[] Execute(IReadOnlyList<TransferRequest> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        ObjectDisposedException.ThrowIf(_finished, this);
        _engine.LookUpCommitted(group, _context);
        return _engine.ExecuteGroup(group, _context);
    }

    /// <summary>Writes every group applied so far, <paramref name="journal"/> and <paramref name="events"/> in one durable transaction; returns once durable.</summary>
    public void Commit(IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent>? events = null) =>
        _engine.WriteInTurn(Enlist(journal, events ?? [], [], inFlight => inFlight));

    /// <summary>
    /// Queues the batch for writing and unlocks the engine at once, so that the caller can prepare
    /// its next batch while this one is written; the task completes when it is durable (or fails,
    /// having taken back this batch and every batch queued after it). <paramref name="nonces"/> (the
    /// API nonces the batch's commands spent) are written in the same transaction. A batch with
    /// nothing to write waits for nothing. The batch is queued before the engine unlocks, so batches
    /// reach the one writer thread in the order they were enlisted (the writer writes each in its
    /// turn, and would wait forever for an earlier one queued behind it).
    /// </summary>
    public LedgerCommit CommitAsync(IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent>? events = null, IReadOnlyList<ApiNonce>? nonces = null) =>
        Enlist(journal, events ?? [], nonces ?? [], inFlight => new LedgerCommit(
            inFlight is null ? Task.CompletedTask : _engine.Writer.Enqueue(() => _engine.WriteInTurn(inFlight)), inFlight));

    /// <summary>Takes back an uncommitted batch and unlocks the engine.</summary>
    public void Dispose()
    {
        if (_finished)
        {
            return;
        }

        try
        {
            _engine.AbandonBatch(_context);
        }
        finally
        {
            Finish();
        }
    }

    /// <summary>Enlists the batch for writing, then hands it to <paramref name="queue"/>, both while the engine is still locked.</summary>
    private T Enlist<T>(IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent> events, IReadOnlyList<ApiNonce> nonces, Func<InFlightBatch?, T> queue)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            InFlightBatch? inFlight;
            try
            {
                inFlight = _engine.Enlist(_context, journal, events, nonces, _after);
            }
            catch
            {
                _engine.AbandonBatch(_context);
                throw;
            }

            return queue(inFlight);
        }
        finally
        {
            Finish();
        }
    }

    private void Finish()
    {
        _finished = true;
        _engine.ReleaseLock();
    }
}

/// <summary>A staged batch queued for writing: <see cref="Durable"/> completes when it is on disk (or fails).</summary>
public sealed class LedgerCommit
{
    internal LedgerCommit(Task durable, InFlightBatch? batch)
    {
        Durable = durable;
        Batch = batch;
    }

    public Task Durable { get; }

    internal InFlightBatch? Batch { get; }
}
