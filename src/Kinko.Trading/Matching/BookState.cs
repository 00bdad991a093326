using System.Security.Cryptography;

namespace Kinko.Trading.Matching;

/// <summary>
/// Everything a market's engine holds, in priority order: enough to rebuild it exactly. Its
/// <see cref="Hash"/> identifies the book, so a snapshot can be checked against a replay.
/// </summary>
public sealed record BookState(long LastTradePriceTicks, IReadOnlyList<RestingOrder> Resting, IReadOnlyList<OrderRequest> Stops)
{
    public static BookState Capture(MatchingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new BookState(engine.LastTradePriceTicks, engine.RestingOrders().ToList(), engine.StopOrders().ToList());
    }

    /// <summary>A new engine holding exactly this book.</summary>
    public MatchingEngine Restore(MatchingRules rules)
    {
        var engine = new MatchingEngine(rules);
        engine.Load(this);
        return engine;
    }

    /// <summary>SHA-256 (hex) over the book's canonical binary form.</summary>
    public string Hash()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            Write(w);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    public void Write(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Write(LastTradePriceTicks);
        w.Write(Resting.Count);
        foreach (var o in Resting)
        {
            w.Write(o.OrderId);
            w.Write(o.AccountId);
            w.Write((byte)o.Side);
            w.Write(o.PriceTicks);
            w.Write(o.Lots);
            w.Write(o.PostOnly);
        }

        w.Write(Stops.Count);
        foreach (var s in Stops)
        {
            WriteStop(w, s);
        }
    }

    public static BookState Read(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var last = r.ReadInt64();
        var resting = new RestingOrder[r.ReadInt32()];
        for (var i = 0; i < resting.Length; i++)
        {
            resting[i] = new RestingOrder(r.ReadInt64(), r.ReadInt64(), (Side)r.ReadByte(), r.ReadInt64(), r.ReadInt64(), r.ReadBoolean());
        }

        var stops = new OrderRequest[r.ReadInt32()];
        for (var i = 0; i < stops.Length; i++)
        {
            stops[i] = new OrderRequest(r.ReadInt64(), r.ReadInt64(), (Side)r.ReadByte(), (OrderType)r.ReadByte(), (TimeInForce)r.ReadByte(),
                r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
        }

        return new BookState(last, resting, stops);
    }

    private static void WriteStop(BinaryWriter w, in OrderRequest s)
    {
        w.Write(s.OrderId);
        w.Write(s.AccountId);
        w.Write((byte)s.Side);
        w.Write((byte)s.Type);
        w.Write((byte)s.TimeInForce);
        w.Write(s.PriceTicks);
        w.Write(s.Lots);
        w.Write(s.QuoteBudget);
        w.Write(s.StopPriceTicks);
    }
}
