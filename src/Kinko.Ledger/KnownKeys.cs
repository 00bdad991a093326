namespace Kinko.Ledger;

/// <summary>
/// Which idempotency keys the ledger has used: Bloom filters over every key (committed or in
/// flight), the keys of batches validated but not yet durable, and the store for the rest. Not
/// thread-safe: the engine calls it under its lock. The filters grow without reading the store
/// again: when the newest is full, new keys go to a new one twice its size (a key may be in any of
/// them), so the engine never stops to rescan every key it has.
/// </summary>
internal sealed class KnownKeys
{
    private readonly ILedgerStore _store;
    private readonly Dictionary<string, Transfer> _inFlight = new(StringComparer.Ordinal);
    private readonly List<KeyFilter> _filters = [];

    public KnownKeys(ILedgerStore store, long committedCount)
    {
        _store = store;
        var filter = new KeyFilter(committedCount * 2); // at least 65,536 keys; later ones go to new filters
        _store.ForEachKey(filter.Add);
        _filters.Add(filter);
    }

    /// <summary>The transfers already committed or in flight among the keys <paramref name="groups"/> mention.</summary>
    public Dictionary<string, Transfer> Find(
        IReadOnlyList<IReadOnlyList<TransferRequest>> groups, IReadOnlyDictionary<string, Transfer> openPendings, out bool answeredFromInFlight)
    {
        var fromInFlight = false;
        HashSet<string>? maybe = null;
        var found = new Dictionary<string, Transfer>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var request in group)
            {
                Consider(request.Key);
                Consider(ClosedPendingKey(request, openPendings));
            }
        }

        if (maybe is not null)
        {
            foreach (var (key, transfer) in _store.FindTransfers(maybe))
            {
                found.TryAdd(key, transfer);
            }
        }

        answeredFromInFlight = fromInFlight;
        return found;

        void Consider(string? key)
        {
            if (!MightContain(key))
            {
                return;
            }

            if (_inFlight.TryGetValue(key, out var transfer))
            {
                found.TryAdd(key, transfer);
                fromInFlight = true;
            }
            else
            {
                (maybe ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
            }
        }
    }

    /// <summary>Whether any key the group mentions may have been used (false: every one is certainly new).</summary>
    public bool AnyMightBeUsed(IReadOnlyList<TransferRequest> group, IReadOnlyDictionary<string, Transfer> openPendings)
    {
        for (var i = 0; i < group.Count; i++)
        {
            if (MightContain(group[i].Key) || MightContain(ClosedPendingKey(group[i], openPendings)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records a validated batch's keys as in flight (in the newest filter, started anew when full).</summary>
    public void AddInFlight(IReadOnlyList<Transfer> created)
    {
        for (var i = 0; i < created.Count; i++)
        {
            var transfer = created[i];
            var newest = _filters[^1];
            if (newest.IsFull)
            {
                newest = new KeyFilter(newest.Capacity * 2);
                _filters.Add(newest);
            }

            newest.Add(transfer.Key);
            _inFlight[transfer.Key] = transfer;
        }
    }

    /// <summary>The batch is durable: its keys are answered by the store from now on.</summary>
    public void Committed(IReadOnlyList<Transfer> created)
    {
        foreach (var transfer in created)
        {
            _inFlight.Remove(transfer.Key);
        }
    }

    /// <summary>The batch was taken back: its keys were never used (the filter keeps them as harmless false positives).</summary>
    public void Forget(IReadOnlyList<Transfer> created) => Committed(created);

    /// <summary>The pending transfer the request posts or voids, when it is not open: whether it was ever used must be looked up.</summary>
    private static string? ClosedPendingKey(TransferRequest request, IReadOnlyDictionary<string, Transfer> openPendings) =>
        request.PendingKey is { } pending && !openPendings.ContainsKey(pending) ? pending : null;

    private bool MightContain([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? key)
    {
        if (key is null)
        {
            return false;
        }

        var hash = KeyFilter.Hash(key);
        for (var i = _filters.Count - 1; i >= 0; i--)
        {
            if (_filters[i].MightContain(hash))
            {
                return true;
            }
        }

        return false;
    }
}
