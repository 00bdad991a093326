using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>
/// What a batch changed in memory, so that a refused linked group or a failed commit can be taken
/// back. Kept in chunks of <see cref="ChunkSize"/> entries: a batch makes thousands, and one array
/// of them would land on the large-object heap (collected only with generation 2) every batch.
/// </summary>
internal sealed class UndoLog
{
    /// <summary>Entries per chunk: 1,024 × 56 bytes stays under the large-object threshold (85,000 bytes).</summary>
    private const int ChunkSize = 1024;

    private readonly List<Entry[]> _chunks = [];
    private int _count;

    public int Mark => _count;

    public void BalanceChanged(AccountState account, AccountBalance before) => Add(new Entry(EntryKind.Balance, account, before, null));

    public void PendingOpened(Transfer pending) => Add(new Entry(EntryKind.PendingOpened, null, default, pending));

    public void PendingClosed(Transfer pending) => Add(new Entry(EntryKind.PendingClosed, null, default, pending));

    /// <summary>Undoes every entry after <paramref name="mark"/>, newest first.</summary>
    public void RollBack(int mark, Dictionary<string, Transfer> openPendings)
    {
        for (var i = _count - 1; i >= mark; i--)
        {
            ref var slot = ref _chunks[i / ChunkSize][i % ChunkSize];
            var entry = slot;
            slot = default;
            switch (entry.Kind)
            {
                case EntryKind.Balance:
                    entry.Account!.Balance = entry.Before;
                    break;
                case EntryKind.PendingOpened:
                    Invariant.Assert(openPendings.Remove(entry.Pending!.Key), "undo of a pending that is not open");
                    break;
                case EntryKind.PendingClosed:
                    openPendings.Add(entry.Pending!.Key, entry.Pending);
                    break;
            }
        }

        _count = Math.Min(_count, mark);
    }

    public void Clear()
    {
        _chunks.Clear();
        _count = 0;
    }

    private void Add(in Entry entry)
    {
        var chunk = _count / ChunkSize;
        if (chunk == _chunks.Count)
        {
            _chunks.Add(new Entry[ChunkSize]);
        }

        _chunks[chunk][_count % ChunkSize] = entry;
        _count++;
    }

    private enum EntryKind
    {
        Balance,
        PendingOpened,
        PendingClosed,
    }

    private readonly record struct Entry(EntryKind Kind, AccountState? Account, AccountBalance Before, Transfer? Pending);
}
