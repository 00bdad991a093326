using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// One side of a fill as its owner sees it (spec §6.9): which of their orders traded, as maker or
/// taker, at what price, and the fee charged (negative: a rebate) in quote minor units. Stored as
/// an event of the owner's <c>fills:</c> stream, numbered by <see cref="EventId"/>.
/// </summary>
public sealed record OwnFill(
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
    /// <summary>Most fills one command may make and still be numbered (far beyond any book's depth).</summary>
    public const int MaxFillsPerCommand = 1 << 20;

    private const int FixedBytes = 8 * 7 + 4 + 2;

    /// <summary>The store stream of an owner's fills.</summary>
    public static string Stream(long ownerId) => "fills:" + ownerId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The fill's number, unique across markets and growing with the journal: its command's sequence,
    /// its place among the command's fills, and its side (a self-trade gives its owner two fills).
    /// </summary>
    public long EventId => EventIdOf(Sequence, FillIndex, IsMaker);

    public static long EventIdOf(long sequence, int fillIndex, bool isMaker)
    {
        if ((uint)fillIndex >= MaxFillsPerCommand || sequence is < 0 or >= 1L << 42)
        {
            throw new ArgumentOutOfRangeException(nameof(fillIndex), "a fill's number does not fit");
        }

        return ((sequence << 20) | (long)fillIndex) << 1 | (isMaker ? 1L : 0L);
    }

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

    public static OwnFill FromPayload(long ownerId, DateTimeOffset at, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length <= FixedBytes)
        {
            throw new FormatException("not a fill record");
        }

        long Read(int index) => BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(8 * index));
        var tail = payload.AsSpan(8 * 7);
        return new OwnFill(ownerId, Encoding.ASCII.GetString(payload.AsSpan(FixedBytes)), Read(0), Read(1), (Side)tail[4], tail[5] == 1,
            Read(2), Read(3), Read(4), Read(5), Read(6), BinaryPrimitives.ReadInt32LittleEndian(tail), at);
    }
}
