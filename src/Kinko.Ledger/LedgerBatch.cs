namespace Kinko.Ledger;

/// <summary>
/// One open commit of the <see cref="LedgerEngine"/> (see <see cref="LedgerEngine.BeginBatch"/>):
/// linked groups are applied in memory one at a time, and <see cref="Commit"/> makes all of them,
/// with the journal records that caused them, durable in one transaction. Single-threaded; the
/// engine stays locked until the batch is committed or disposed.
/// </summary>
public sealed class LedgerBatch : IDisposable
{
    private readonly LedgerEngine _engine;
    private readonly ExclusiveAccess _exclusive;
    private readonly BatchContext _context;
    private bool _finished;

    internal LedgerBatch(LedgerEngine engine, ExclusiveAccess exclusive)
    {
        _engine = engine;
        _exclusive = exclusive;
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

    /// <summary>Writes every group applied so far, <paramref name="journal"/> and <paramref name="events"/> in one durable transaction.</summary>
    public void Commit(IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            _engine.CommitBatch(_context, journal, events ?? []);
        }
        catch
        {
            LedgerEngine.AbandonBatch(_context, _engine.OpenPendingsForUndo);
            Finish();
            throw;
        }

        Finish();
    }

    /// <summary>Takes back an uncommitted batch and unlocks the engine.</summary>
    public void Dispose()
    {
        if (_finished)
        {
            return;
        }

        LedgerEngine.AbandonBatch(_context, _engine.OpenPendingsForUndo);
        Finish();
    }

    private void Finish()
    {
        _finished = true;
        _exclusive.Dispose();
    }
}
