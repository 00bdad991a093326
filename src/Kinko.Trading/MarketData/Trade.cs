using System.Buffers.Binary;
using Kinko.Trading.Matching;

namespace Kinko.Trading.MarketData;

/// <summary>
/// A public trade: one fill, numbered per market (1, 2, 3, …). <see cref="Sequence"/> is the journal
/// record of the command that caused it; its fill id (<c>f{Sequence}.{FillIndex}</c>) keys its ledger transfers.
/// </summary>
public sealed record Trade(
    long Id,
    string Pair,
    DateTimeOffset At,
    long PriceTicks,
    long Lots,
    Side TakerSide,
    long TakerOrderId,
    long MakerOrderId,
    long TakerOwnerId,
    long MakerOwnerId,
    long Sequence,
    int FillIndex)
{
    private const int PayloadBytes = 8 * 7 + 4 + 1;

    /// <summary>The store stream of a market's trades.</summary>
    public static string Stream(string pair) => Kinko.Ledger.StoreEvent.TimeIndexedPrefix + pair; // read by time: candles, VWAP

    public byte[] ToPayload()
    {
        var bytes = new byte[PayloadBytes];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt64LittleEndian(span, PriceTicks);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], Lots);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], TakerOrderId);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], MakerOrderId);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], TakerOwnerId);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], MakerOwnerId);
        BinaryPrimitives.WriteInt64LittleEndian(span[48..], Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(span[56..], FillIndex);
        span[60] = (byte)TakerSide;
        return bytes;
    }

    public static Trade FromPayload(string pair, long id, DateTimeOffset at, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length != PayloadBytes)
        {
            throw new FormatException($"a trade record has {PayloadBytes} bytes, this one {payload.Length}");
        }

        var span = payload.AsSpan();
        return new Trade(id, pair, at,
            BinaryPrimitives.ReadInt64LittleEndian(span),
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            (Side)span[60],
            BinaryPrimitives.ReadInt64LittleEndian(span[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[48..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[56..]));
    }
}
