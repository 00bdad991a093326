using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>What a batch changed in memory, so that a refused linked group or a failed commit can be taken back.</summary>
internal sealed class UndoLog
{
    private readonly List<Entry> _entries = [];

    public int Mark => _entries.Count;

    public void BalanceChanged(AccountState account, AccountBalance before) =>
        _entries.Add(new Entry(EntryKind.Balance, account, before, null));

    public void PendingOpened(Transfer pending) => _entries.Add(new Entry(EntryKind.PendingOpened, null, default, pending));

    public void PendingClosed(Transfer pending) => _entries.Add(new Entry(EntryKind.PendingClosed, null, default, pending));

    /// <summary>Undoes every entry after <paramref name="mark"/>, newest first.</summary>
    public void RollBack(int mark, Dictionary<string, Transfer> openPendings)
    {
        for (var i = _entries.Count - 1; i >= mark; i--)
        {
            var entry = _entries[i];
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

        _entries.RemoveRange(mark, _entries.Count - mark);
    }

    public void Clear() => _entries.Clear();

    private enum EntryKind
    {
        Balance,
        PendingOpened,
        PendingClosed,
    }

    private readonly record struct Entry(EntryKind Kind, AccountState? Account, AccountBalance Before, Transfer? Pending);
}
