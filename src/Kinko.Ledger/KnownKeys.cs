namespace Kinko.Ledger;

/// <summary>
/// Which idempotency keys the ledger has used: a Bloom filter over every key (committed or in
/// flight), the keys of batches validated but not yet durable, and the store for the rest. Not
/// thread-safe: the engine calls it under its lock.
/// </summary>
internal sealed class KnownKeys
{
    private readonly ILedgerStore _store;
    private readonly Dictionary<string, Transfer> _inFlight = new(StringComparer.Ordinal);
    private KeyFilter _filter;

    public KnownKeys(ILedgerStore store, long committedCount)
    {
        _store = store;
        _filter = Build(committedCount);
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
                if (request.PendingKey is not null && !openPendings.ContainsKey(request.PendingKey))
                {
                    Consider(request.PendingKey);
                }
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
            if (key is null || !_filter.MightContain(key))
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

    /// <summary>Records a validated batch's keys as in flight (and grows the filter first if it must).</summary>
    public void AddInFlight(IReadOnlyList<Transfer> created)
    {
        if (_filter.Count + created.Count > _filter.Capacity)
        {
            _filter = Build((_filter.Count + created.Count) * 2);
        }

        foreach (var transfer in created)
        {
            _filter.Add(transfer.Key);
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

    /// <summary>A filter over every stored key plus the in-flight ones (read through a reader, never the writer's connection).</summary>
    private KeyFilter Build(long expectedCount)
    {
        var filter = new KeyFilter(Math.Max(expectedCount * 2, 1 << 20));
        _store.ForEachKey(filter.Add);
        foreach (var key in _inFlight.Keys)
        {
            filter.Add(key);
        }

        return filter;
    }
}
