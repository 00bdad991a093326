using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// The journal's binary form of accepted trading commands. A place carries the order id the
/// sequencer gave it, so that replay assigns nothing and reproduces the same books.
/// A command: a version byte (1), a kind byte, then the fields (never reorder; add new kinds
/// instead). A journal record holds one commit's commands: version byte 2, their count, then each
/// command length-prefixed; the record's sequence is that of its last command.
/// </summary>
public static class JournalCodec
{
    private const byte Version = 1;
    private const byte BatchVersion = 2;

    /// <summary>One journal record's payload for consecutive commands.</summary>
    public static byte[] EncodeRecord(IReadOnlyList<(TradingCommand Command, long OrderId)> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        using var buffer = new MemoryStream(Math.Min(40 * commands.Count, 16 * 1024)); // grows as needed; a large first guess would land on the large-object heap every commit
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(BatchVersion);
            w.Write(commands.Count);
            foreach (var (command, orderId) in commands)
            {
                // Each command length-prefixed, written in place (the length patched once known).
                var lengthAt = buffer.Position;
                w.Write(0);
                Write(w, command, orderId);
                var end = buffer.Position;
                buffer.Position = lengthAt;
                w.Write((int)(end - lengthAt - sizeof(int)));
                buffer.Position = end;
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The commands of a journal record, oldest first (a record written before batching holds one).</summary>
    public static IReadOnlyList<(TradingCommand Command, long OrderId)> DecodeRecord(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length == 0 || payload[0] != BatchVersion)
        {
            return [Decode(payload)];
        }

        using var r = new BinaryReader(new MemoryStream(payload, writable: false));
        r.ReadByte();
        var count = r.ReadInt32();
        var commands = new (TradingCommand, long)[count];
        for (var i = 0; i < count; i++)
        {
            commands[i] = Decode(r.ReadBytes(r.ReadInt32()));
        }

        return commands;
    }

    private enum Kind : byte
    {
        Place = 1,
        Cancel = 2,
        Move = 3,
        Configure = 4,
    }

    private static void Write(BinaryWriter w, TradingCommand command, long orderId)
    {
        w.Write(Version);
        switch (command)
        {
            case PlaceOrder p:
                w.Write((byte)Kind.Place);
                w.Write(p.Pair);
                w.Write(orderId);
                w.Write(p.OwnerId);
                w.Write((byte)p.Side);
                w.Write((byte)p.Type);
                w.Write((byte)p.TimeInForce);
                w.Write(p.PriceTicks);
                w.Write(p.Lots);
                w.Write(p.QuoteBudget);
                w.Write(p.StopPriceTicks);
                w.Write(p.ClientOrderId ?? "");
                break;
            case CancelOrder c:
                w.Write((byte)Kind.Cancel);
                w.Write(c.Pair);
                w.Write(c.OwnerId);
                w.Write(c.OrderId);
                break;
            case MoveOrder m:
                w.Write((byte)Kind.Move);
                w.Write(m.Pair);
                w.Write(m.OwnerId);
                w.Write(m.OrderId);
                w.Write(m.NewPriceTicks);
                break;
            case ConfigureMarket c:
                w.Write((byte)Kind.Configure);
                SpecCodec.Write(w, c.Spec);
                break;
            default:
                throw new ArgumentException($"cannot journal {command.GetType().Name}", nameof(command));
        }
    }

    /// <summary>Decodes a journal payload: the command and, for a place, its order id.</summary>
    public static (TradingCommand Command, long OrderId) Decode(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var r = new BinaryReader(new MemoryStream(payload, writable: false));
        var version = r.ReadByte();
        if (version != Version)
        {
            throw new FormatException($"journal record version {version} is not known (expected {Version})");
        }

        var kind = (Kind)r.ReadByte();
        if (kind == Kind.Configure)
        {
            return (new ConfigureMarket(SpecCodec.Read(r)), 0);
        }

        var pair = r.ReadString();
        switch (kind)
        {
            case Kind.Place:
                var orderId = r.ReadInt64();
                var place = new PlaceOrder(pair, r.ReadInt64(), (Side)r.ReadByte(), (OrderType)r.ReadByte(), (TimeInForce)r.ReadByte(),
                    r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadString() is { Length: > 0 } client ? client : null);
                return (place, orderId);
            case Kind.Cancel:
                return (new CancelOrder(pair, r.ReadInt64(), r.ReadInt64()), 0);
            case Kind.Move:
                return (new MoveOrder(pair, r.ReadInt64(), r.ReadInt64(), r.ReadInt64()), 0);
            default:
                throw new FormatException($"journal record kind {(byte)kind} is not known");
        }
    }
}
