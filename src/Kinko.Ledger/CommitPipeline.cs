namespace Kinko.Ledger;

/// <summary>
/// Lets the next batch be validated while the previous one is written: batches are validated and
/// applied in memory one at a time (under the engine's lock), then appended to the store strictly in
/// that order, each by its own caller, without the lock. If an append fails, that batch and every
/// batch validated after it are taken back together (newest first) and their callers get the error.
/// </summary>
internal sealed class CommitPipeline
{
    private readonly object _turnGate = new();
    private readonly LinkedList<InFlightBatch> _inFlight = []; // guarded by the engine's lock
    private readonly ManualResetEventSlim _drained = new(initialState: true);
    private long _nextTicket;
    private long _appendTurn;

    /// <summary>Batches validated and not yet durable (read under the engine's lock).</summary>
    public int Count => _inFlight.Count;

    /// <summary>Completes when nothing is in flight (wait for it without holding the engine's lock).</summary>
    public ManualResetEventSlim Drained => _drained;

    /// <summary>Queues a validated batch (call under the engine's lock).</summary>
    public InFlightBatch Enlist(BatchContext context, IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent> events, IReadOnlyList<ApiNonce> nonces)
    {
        var batch = new InFlightBatch(_nextTicket++, context, journal, events, nonces);
        _inFlight.AddLast(batch);
        _drained.Reset();
        return batch;
    }

    /// <summary>Waits for the batch's turn, then runs <paramref name="append"/> (not under the engine's lock).</summary>
    public void AppendInTurn(InFlightBatch batch, Action append, Action<Exception> takeBackFrom)
    {
        lock (_turnGate)
        {
            while (_appendTurn != batch.Ticket)
            {
                Monitor.Wait(_turnGate);
            }
        }

        try
        {
            if (batch.Failure is not null)
            {
                throw new LedgerCommitException("an earlier batch's commit failed, so this batch was taken back", batch.Failure);
            }

            append();
        }
        catch (Exception e) when (batch.Failure is null)
        {
            takeBackFrom(e);
            throw;
        }
        finally
        {
            lock (_turnGate)
            {
                _appendTurn++;
                Monitor.PulseAll(_turnGate);
            }
        }
    }

    /// <summary>The batch is durable (call under the engine's lock).</summary>
    public void Completed(InFlightBatch batch)
    {
        _inFlight.Remove(batch);
        if (_inFlight.Count == 0)
        {
            _drained.Set();
        }
    }

    /// <summary>Every in-flight batch from <paramref name="failed"/> on, newest first (call under the engine's lock).</summary>
    public List<InFlightBatch> TakeFrom(InFlightBatch failed, Exception error)
    {
        var taken = new List<InFlightBatch>();
        for (var node = _inFlight.Last; node is not null; node = node.Previous)
        {
            taken.Add(node.Value);
            if (node.Value == failed)
            {
                break;
            }
        }

        foreach (var batch in taken)
        {
            batch.Failure = error;
            _inFlight.Remove(batch);
        }

        if (_inFlight.Count == 0)
        {
            _drained.Set();
        }

        return taken;
    }
}

/// <summary>A batch validated in memory, waiting for or in its store append.</summary>
internal sealed class InFlightBatch(long ticket, BatchContext context, IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent> events, IReadOnlyList<ApiNonce> nonces)
{
    public long Ticket { get; } = ticket;

    public BatchContext Context { get; } = context;

    public IReadOnlyList<JournalRecord> Journal { get; } = journal;

    public IReadOnlyList<StoreEvent> Events { get; } = events;

    public IReadOnlyList<ApiNonce> Nonces { get; } = nonces;

    /// <summary>Set when this batch was taken back because its append, or an earlier one, failed.</summary>
    public Exception? Failure { get; set; }
}

/// <summary>A batch could not be made durable; nothing of it was kept.</summary>
public sealed class LedgerCommitException(string message, Exception inner) : Exception(message, inner);
