using Kinko.Ledger;

namespace Kinko.Trading.Desk;

/// <summary>
/// A customer's own trading history as stored with each commit: their fills (newest first or
/// after a given one) and their orders, open (from <see cref="OpenOrders"/>) or ended.
/// </summary>
public sealed class OwnerHistory(ILedgerStore store, OpenOrders open)
{
    /// <summary>Most fills one read may return.</summary>
    public const int MaxFillsPerRead = 1_000;

    private readonly ILedgerStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly OpenOrders _open = open ?? throw new ArgumentNullException(nameof(open));

    /// <summary>Fills numbered below <paramref name="beforeId"/> (all when null), newest first.</summary>
    public IReadOnlyList<OwnFill> Fills(long ownerId, long? beforeId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxFillsPerRead);
        return _store.ReadEventsBefore(OwnFill.Stream(ownerId), beforeId ?? long.MaxValue, limit)
            .Select(e => OwnFill.FromPayload(e.Id, ownerId, e.At, e.Payload)).ToList();
    }

    /// <summary>Fills numbered above <paramref name="afterId"/>, oldest first.</summary>
    public IReadOnlyList<OwnFill> FillsAfter(long ownerId, long afterId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxFillsPerRead);
        return _store.ReadEventsAfter(OwnFill.Stream(ownerId), afterId, limit)
            .Select(e => OwnFill.FromPayload(e.Id, ownerId, e.At, e.Payload)).ToList();
    }

    /// <summary>The owner's order, open or ended; null when it is not theirs or does not exist.</summary>
    public OrderView? FindOrder(long ownerId, long orderId)
    {
        if (_open.Find(orderId) is { } live)
        {
            return live.OwnerId == ownerId ? live : null;
        }

        if (orderId is <= 0 or long.MaxValue)
        {
            return null;
        }

        var found = _store.ReadEventsBefore(OrderView.Stream(ownerId), orderId + 1, 1);
        return found.Count == 1 && found[0].Id == orderId ? OrderView.FromPayload(orderId, found[0].Payload) : null;
    }
}
