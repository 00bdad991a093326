using Kinko.Primitives;

namespace Kinko.Storage;

/// <summary>
/// The writer's memory of which accounts the transfers after the history index's watermark touch:
/// what the next bulk catch-up writes as one bucket.
/// </summary>
internal sealed class UnindexedTail(long indexedThrough)
{
    public long IndexedThrough { get; private set; } = indexedThrough;

    /// <summary>The last position added (the watermark when the tail is empty).</summary>
    public long Through { get; private set; } = indexedThrough;

    public long Count => Through - IndexedThrough;

    public Dictionary<long, List<long>> ByAccount { get; } = [];

    public void Add(long position, AccountId debit, AccountId credit)
    {
        Add(debit.Value, position);
        Add(credit.Value, position);
        Through = position;
    }

    public void Reset(long indexedThrough)
    {
        IndexedThrough = indexedThrough;
        Through = indexedThrough;
        ByAccount.Clear();
    }

    private void Add(long account, long position)
    {
        if (!ByAccount.TryGetValue(account, out var positions))
        {
            positions = [];
            ByAccount.Add(account, positions);
        }

        positions.Add(position);
    }
}
