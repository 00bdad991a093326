namespace Kinko.Ledger;

/// <summary>
/// What one commit has seen and made so far. <see cref="CreatedByKey"/> and <see cref="ClosedPendings"/>
/// are the engine's scratch maps, emptied for each batch and used only while the batch is validated
/// (under the engine's lock): reused, they stay off the large-object heap that a fresh pair per
/// batch of thousands of transfers would reach.
/// </summary>
internal sealed class BatchContext(BatchScratch scratch, Dictionary<string, Transfer> committed, DateTimeOffset timestamp, long lastPosition)
{
    /// <summary>Transfers committed before this batch, by key (only those the batch mentions).</summary>
    public Dictionary<string, Transfer> Committed { get; } = committed;

    /// <summary>Transfers created in this batch, in position order.</summary>
    public List<Transfer> Created { get; } = [];

    /// <summary>Keys created in this batch, to their transfer.</summary>
    public Dictionary<string, Transfer> CreatedByKey { get; } = scratch.CreatedByKey;

    public DateTimeOffset Timestamp { get; } = timestamp;

    /// <summary>What the batch changed in memory, to take it back if it is refused or its commit fails.</summary>
    public UndoLog Undo { get; } = new();

    /// <summary>The position of the last transfer created so far (or before the batch).</summary>
    public long NextPosition { get; set; } = lastPosition;

    /// <summary>Holds posted or voided by this batch's earlier groups.</summary>
    public Dictionary<string, Transfer> ClosedPendings { get; } = scratch.ClosedPendings;

    /// <summary>A transfer this batch knows by key: created in it, committed before it, or a hold it closed.</summary>
    public Transfer? FindKnown(string? key) =>
        key is null ? null
        : CreatedByKey.TryGetValue(key, out var created) ? created
        : Committed.TryGetValue(key, out var committed) ? committed
        : ClosedPendings.TryGetValue(key, out var closed) ? closed
        : null;

    public void Add(Transfer transfer)
    {
        Created.Add(transfer);
        CreatedByKey.Add(transfer.Key, transfer);
        NextPosition = transfer.Position.Value;
    }

    /// <summary>Forgets transfers created after <paramref name="createdMark"/> (a refused linked group).</summary>
    public void TruncateTo(int createdMark)
    {
        for (var i = Created.Count - 1; i >= createdMark; i--)
        {
            // A hold made and closed inside the refused group never existed: forget both.
            CreatedByKey.Remove(Created[i].Key);
            ClosedPendings.Remove(Created[i].Key);
        }

        Created.RemoveRange(createdMark, Created.Count - createdMark);
        NextPosition = Created.Count > 0 ? Created[^1].Position.Value : NextPositionBefore;
    }

    public long NextPositionBefore { get; } = lastPosition;
}

/// <summary>The maps a batch needs only while it is validated, reused from batch to batch (one batch is validated at a time).</summary>
internal sealed class BatchScratch
{
    public Dictionary<string, Transfer> CreatedByKey { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Transfer> ClosedPendings { get; } = new(StringComparer.Ordinal);

    /// <summary>Empties the maps for the next batch.</summary>
    public BatchScratch Reset()
    {
        CreatedByKey.Clear();
        ClosedPendings.Clear();
        return this;
    }
}
