using System.Globalization;
using Kinko.Trading.Markets;

namespace Kinko.Trading.Desk;

/// <summary>A market spec's binary form, shared by the journal and snapshots. Decimals travel as invariant text, exactly.</summary>
internal static class SpecCodec
{
    public static void Write(BinaryWriter w, MarketSpec spec)
    {
        w.Write(spec.Pair);
        foreach (var value in new[] { spec.TickSize, spec.LotSize, spec.MinAmount, spec.MakerFeeRate, spec.TakerFeeRate, spec.PriceBand })
        {
            w.Write(value.ToString(CultureInfo.InvariantCulture));
        }

        w.Write(spec.SelfTradePrevention);
    }

    public static MarketSpec Read(BinaryReader r)
    {
        var pair = r.ReadString();
        var v = Enumerable.Range(0, 6).Select(_ => decimal.Parse(r.ReadString(), CultureInfo.InvariantCulture)).ToArray();
        return new MarketSpec(pair, v[0], v[1], v[2], v[3], v[4], v[5], r.ReadBoolean());
    }
}
