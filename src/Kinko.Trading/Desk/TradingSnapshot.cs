using Kinko.Primitives;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// The whole trading state as of a journal sequence: every market's rules, book (with its hash)
/// and order holds, and the next order id. Restoring checks each book against its hash.
/// </summary>
public static class TradingSnapshot
{
    public const string Name = "trading";
    private const byte Version = 5;

    public static byte[] Write(TradingCore core, long sequence)
    {
        ArgumentNullException.ThrowIfNull(core);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(Version);
            w.Write(sequence);
            w.Write(core.NextOrderId);
            w.Write(core.NextFillId);
            w.Write(core.Markets.Count);
            foreach (var desk in core.Markets.Values.OrderBy(d => d.Market.Pair, StringComparer.Ordinal))
            {
                SpecCodec.Write(w, desk.Market.Spec);
                w.Write(desk.LastSequence);
                w.Write(desk.NextTradeId);
                var book = BookState.Capture(desk.Engine);
                w.Write(book.Hash());
                book.Write(w);
                w.Write(desk.Holds.Count);
                foreach (var hold in desk.Holds.Values.OrderBy(h => h.OrderId))
                {
                    WriteHold(w, hold);
                }
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Whether this build reads the snapshot's format (an older one is skipped: the journal is replayed whole instead).</summary>
    public static bool IsReadable(byte[] payload) => payload is { Length: > 0 } && payload[0] == Version;

    /// <summary>Fills an empty core from a snapshot; returns the sequence it covers.</summary>
    public static long Restore(TradingCore core, byte[] payload, AssetRegistry assets)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(payload);
        using var r = new BinaryReader(new MemoryStream(payload, writable: false));
        var version = r.ReadByte();
        Invariant.Assert(version == Version, "the trading snapshot has an unknown version (check IsReadable first)");
        var sequence = r.ReadInt64();
        core.NextOrderId = r.ReadInt64();
        core.NextFillId = r.ReadInt64();
        var markets = r.ReadInt32();
        for (var m = 0; m < markets; m++)
        {
            var market = MarketCatalog.Build([SpecCodec.Read(r)], assets)[0];
            var lastSequence = r.ReadInt64();
            var nextTradeId = r.ReadInt64();
            var hash = r.ReadString();
            var book = BookState.Read(r);
            Invariant.Assert(book.Hash() == hash, $"the snapshot's book of {market.Pair} does not match its hash");
            var desk = new MarketDesk(market, book.Restore(market.Rules)) { LastSequence = lastSequence, SnapshotSequence = sequence, NextTradeId = nextTradeId };
            var holds = r.ReadInt32();
            for (var h = 0; h < holds; h++)
            {
                var hold = ReadHold(r);
                desk.Holds.Add(hold.OrderId, hold);
            }

            core.AddRestored(desk);
        }

        return sequence;
    }

    private static void WriteHold(BinaryWriter w, OrderHold h)
    {
        w.Write(h.OrderId);
        w.Write(h.OwnerId);
        w.Write((byte)h.Side);
        w.Write((byte)h.Type);
        w.Write(h.LimitTicks);
        w.Write(h.RemainingLots);
        w.Write(h.RemainingBudget);
        w.Write(h.MakerFeePpm);
        w.Write(h.TakerFeePpm);
        w.Write(h.CurrentKey);
        w.Write(h.HeldAmount);
        w.Write((byte)h.TimeInForce);
        w.Write(h.StopPriceTicks);
        w.Write(h.CreatedAt.UtcTicks);
        w.Write(h.OriginalLots);
        w.Write(h.OriginalBudget);
        w.Write(h.ExecutedLots);
        w.Write(h.ExecutedNotional);
    }

    private static OrderHold ReadHold(BinaryReader r)
    {
        var (orderId, ownerId, side, type, limit) = (r.ReadInt64(), r.ReadInt64(), (Side)r.ReadByte(), (OrderType)r.ReadByte(), r.ReadInt64());
        var (remainingLots, remainingBudget, makerFee, takerFee) = (r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
        var (holdKey, heldAmount, timeInForce, stop, created) = (r.ReadString(), r.ReadInt64(), (TimeInForce)r.ReadByte(), r.ReadInt64(), r.ReadInt64());
        var (originalLots, originalBudget) = (r.ReadInt64(), r.ReadInt64());
        return new OrderHold(orderId, ownerId, side, type, limit, originalLots, originalBudget, makerFee, takerFee)
        {
            RemainingLots = remainingLots,
            RemainingBudget = remainingBudget,
            ExecutedLots = r.ReadInt64(),
            ExecutedNotional = r.ReadInt64(),
            CurrentKey = holdKey,
            HeldAmount = heldAmount,
            TimeInForce = timeInForce,
            StopPriceTicks = stop,
            CreatedAt = new DateTimeOffset(created, TimeSpan.Zero),
        };
    }
}
