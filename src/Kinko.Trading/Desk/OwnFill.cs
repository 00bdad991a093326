using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// One side of a fill as its owner sees it (spec §6.9): which of their orders traded, as maker or
/// taker, at what price, and the fee charged (negative: a rebate) in quote minor units. Stored as
/// an event of the owner's <c>fills:</c> stream under its <see cref="Id"/>: a number the trading core
/// gives each side of each fill in journal order (1, 2, 3, …, across all markets), which replay
/// gives again and which stays far below 2^53 (what JavaScript clients read exactly).
/// </summary>
public sealed record OwnFill(
    long Id,
    long OwnerId,
    string Pair,
    long TradeId,
    long OrderId,
    Side Side,
    bool IsMaker,
    long PriceTicks,
    long Lots,
    long Notional,
    long Fee,
    long Sequence,
    int FillIndex,
    DateTimeOffset At)
{
    private const int FixedBytes = 8 * 7 + 4 + 2;

    /// <summary>The store stream of an owner's fills.</summary>
    public static string Stream(long ownerId) => "fills:" + ownerId.ToString(CultureInfo.InvariantCulture);

    public byte[] ToPayload()
    {
        var pair = Encoding.ASCII.GetBytes(Pair);
        var bytes = new byte[FixedBytes + pair.Length];
        var span = bytes.AsSpan();
        var at = 0;
        foreach (var value in (ReadOnlySpan<long>)[TradeId, OrderId, PriceTicks, Lots, Notional, Fee, Sequence])
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[at..], value);
            at += 8;
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[at..], FillIndex);
        span[at + 4] = (byte)Side;
        span[at + 5] = IsMaker ? (byte)1 : (byte)0;
        pair.CopyTo(span[FixedBytes..]);
        return bytes;
    }

    public static OwnFill FromPayload(long id, long ownerId, DateTimeOffset at, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length <= FixedBytes)
        {
            throw new FormatException("not a fill record");
        }

        long Read(int index) => BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(8 * index));
        var tail = payload.AsSpan(8 * 7);
        return new OwnFill(id, ownerId, Encoding.ASCII.GetString(payload.AsSpan(FixedBytes)), Read(0), Read(1), (Side)tail[4], tail[5] == 1,
            Read(2), Read(3), Read(4), Read(5), Read(6), BinaryPrimitives.ReadInt32LittleEndian(tail), at);
    }
}
