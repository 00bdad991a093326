using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Trading.Desk;

/// <summary>
/// Makes placing an order safe to retry (the <c>client_order_id</c> extension). The first order an
/// owner places under an id is remembered for good: while its commit is in flight here, then as an
/// event of the owner's <c>client-orders:</c> stream, keyed by a hash of the id and written in the
/// same commit as the order. A retry of the same order gets the first order's id and changes
/// nothing; a different order under a used id is refused. Used by the sequencer's loop only.
/// </summary>
internal sealed class ClientOrderIds(ILedgerStore store)
{
    /// <summary>Keyed like the store (owner, hash of the id), so that two ids with the same hash meet here too and the second is refused.</summary>
    private readonly Dictionary<(long Owner, long EventId), Remembered> _inFlight = [];

    /// <summary>The answer to a placement whose id was used before (a repeat or a refusal); null for a new id.</summary>
    public TradingResult? Find(PlaceOrder command)
    {
        if (command.ClientOrderId is not { } id)
        {
            return null;
        }

        var remembered = _inFlight.GetValueOrDefault((command.OwnerId, EventId(id))) ?? Load(command.OwnerId, id);
        if (remembered is null)
        {
            return null;
        }

        return remembered.ClientOrderId == id && remembered.Fingerprint.AsSpan().SequenceEqual(Fingerprint(command))
            ? TradingResult.Repeat(remembered.OrderId)
            : TradingResult.Refused(new KinkoError(TradingErrors.ClientOrderIdUsed, $"'{id}' was already used for order {remembered.OrderId}, with other parameters", "client_order_id"));
    }

    /// <summary>Remembers an accepted placement; returns the event that records it and the key to forget once it is durable.</summary>
    public (StoreEvent Event, (long, long) Key) Remember(PlaceOrder command, long orderId, DateTimeOffset at)
    {
        var id = command.ClientOrderId ?? throw new ArgumentException("the order has no client_order_id", nameof(command));
        var remembered = new Remembered(orderId, id, Fingerprint(command));
        var key = (command.OwnerId, EventId(id));
        _inFlight[key] = remembered;
        return (new StoreEvent(Stream(command.OwnerId), key.Item2, at, remembered.ToPayload()), key);
    }

    /// <summary>Once the commit is durable the store answers for these ids.</summary>
    public void Forget(IEnumerable<(long, long)> keys)
    {
        foreach (var key in keys)
        {
            _inFlight.Remove(key);
        }
    }

    public static string Stream(long ownerId) => "client-orders:" + ownerId.ToString(CultureInfo.InvariantCulture);

    private Remembered? Load(long ownerId, string id)
    {
        var eventId = EventId(id);
        var found = store.ReadEventsBefore(Stream(ownerId), eventId + 1, 1);
        return found.Count == 1 && found[0].Id == eventId ? Remembered.FromPayload(found[0].Payload) : null;
    }

    /// <summary>A 62-bit number for the id (a clash of two ids of one owner is refused, never confused: the payload keeps the id).</summary>
    private static long EventId(string id) =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.ASCII.GetBytes(id))) & 0x3FFF_FFFF_FFFF_FFFF;

    /// <summary>What makes two placements the same order.</summary>
    private static byte[] Fingerprint(PlaceOrder c) => SHA256.HashData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{c.Pair}|{c.Side}|{c.Type}|{c.TimeInForce}|{c.PriceTicks}|{c.Lots}|{c.QuoteBudget}|{c.StopPriceTicks}")))[..16];

    private sealed record Remembered(long OrderId, string ClientOrderId, byte[] Fingerprint)
    {
        public byte[] ToPayload()
        {
            var id = Encoding.ASCII.GetBytes(ClientOrderId);
            var bytes = new byte[8 + 16 + id.Length];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, OrderId);
            Fingerprint.CopyTo(bytes, 8);
            id.CopyTo(bytes, 24);
            return bytes;
        }

        public static Remembered FromPayload(byte[] payload) =>
            new(BinaryPrimitives.ReadInt64LittleEndian(payload), Encoding.ASCII.GetString(payload.AsSpan(24)), payload[8..24]);
    }
}
