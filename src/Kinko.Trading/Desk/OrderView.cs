using System.Buffers.Binary;
using System.Text;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// An order as its owner sees it: open or waiting (kept in memory by <see cref="OpenOrders"/>), or
/// ended (filled, cancelled, expired: stored as an event of the owner's <c>orders:</c> stream).
/// Lots and ticks as the engine counts them; quote amounts in minor units.
/// </summary>
public sealed record OrderView(
    long OrderId,
    string Pair,
    long OwnerId,
    Side Side,
    OrderType Type,
    TimeInForce TimeInForce,
    long LimitTicks,
    long StopPriceTicks,
    long OriginalLots,
    long OriginalBudget,
    long RemainingLots,
    long RemainingBudget,
    long ExecutedLots,
    long ExecutedNotional,
    OrderState State,
    ExpiryReason Expiry,
    long PreventedMatchId,
    long MakerFeePpm,
    long TakerFeePpm,
    DateTimeOffset CreatedAt)
{
    private const byte Version = 1;
    private const int Fields = 15;

    /// <summary>The store stream of an owner's ended orders, keyed by order id.</summary>
    public static string Stream(long ownerId) => "orders:" + ownerId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool IsOpen => State is OrderState.Open or OrderState.WaitingForTrigger;

    /// <summary>An open or waiting order's view from its hold.</summary>
    public static OrderView Of(string pair, OrderHold hold, bool waiting)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return new(hold.OrderId, pair, hold.OwnerId, hold.Side, hold.Type, hold.TimeInForce, hold.LimitTicks, hold.StopPriceTicks,
            hold.OriginalLots, hold.OriginalBudget, hold.RemainingLots, hold.RemainingBudget, hold.ExecutedLots, hold.ExecutedNotional,
            waiting ? OrderState.WaitingForTrigger : OrderState.Open, ExpiryReason.None, 0, hold.MakerFeePpm, hold.TakerFeePpm, hold.CreatedAt);
    }

    /// <summary>The view of an order that just ended, with how it ended.</summary>
    public static OrderView Ended(string pair, OrderHold hold, in OrderOutcome outcome) =>
        Of(pair, hold, waiting: false) with { State = outcome.State, Expiry = outcome.Expiry, PreventedMatchId = outcome.PreventedMatchId };

    public byte[] ToPayload()
    {
        var pair = Encoding.ASCII.GetBytes(Pair);
        var bytes = new byte[4 + pair.Length + 8 * Fields];
        var span = bytes.AsSpan();
        span[0] = Version;
        span[1] = (byte)Side;
        span[2] = (byte)Type;
        span[3] = (byte)TimeInForce;
        var at = 4;
        foreach (var value in (ReadOnlySpan<long>)[OwnerId, LimitTicks, StopPriceTicks, OriginalLots, OriginalBudget, RemainingLots, RemainingBudget,
                     ExecutedLots, ExecutedNotional, (long)State, (long)Expiry, PreventedMatchId, MakerFeePpm, TakerFeePpm, CreatedAt.UtcTicks])
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[at..], value);
            at += 8;
        }

        pair.CopyTo(span[at..]);
        return bytes;
    }

    public static OrderView FromPayload(long orderId, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length < 4 + 8 * Fields || payload[0] != Version)
        {
            throw new FormatException("not an order record of a known version");
        }

        var span = payload.AsSpan();
        long Read(int index) => BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(4 + 8 * index));
        return new OrderView(orderId, Encoding.ASCII.GetString(span[(4 + 8 * Fields)..]), Read(0), (Side)span[1], (OrderType)span[2], (TimeInForce)span[3],
            Read(1), Read(2), Read(3), Read(4), Read(5), Read(6), Read(7), Read(8), (OrderState)Read(9), (ExpiryReason)Read(10), Read(11),
            Read(12), Read(13), new DateTimeOffset(Read(14), TimeSpan.Zero));
    }
}
