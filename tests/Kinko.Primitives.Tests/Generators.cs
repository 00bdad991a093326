using FsCheck;
using FsCheck.Fluent;

namespace Kinko.Primitives.Tests;

/// <summary>A count of minor units together with the scale it is written at.</summary>
public sealed record ScaledAmount(long MinorUnits, int Scale);

/// <summary>Text built from the pieces of decimal numbers, mostly near misses of the grammar.</summary>
public sealed record NumberishText(string Text);

/// <summary>FsCheck generators for amounts: the whole long range, its edges and round numbers.</summary>
public static class AmountArbitraries
{
    private static readonly long[] Edges =
    [
        0, 1, -1, 9, -9, 10, -10,
        long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1,
        long.MaxValue / 10, long.MinValue / 10,
        1_000_000_000_000_000_000, -1_000_000_000_000_000_000,
        999_999_999_999_999_999, -999_999_999_999_999_999,
        100_000_000, 10_000, 1_000_000_000,
    ];

    private static readonly string[] Pieces =
    [
        "0", "1", "5", "9", "00", "12", ".", ".", "e", "E", "e-", "e+", "-", "+", ",", " ", "x", "\t", "\0",
    ];

    /// <summary>Any long: uniform over all 64 bits, small values, round values and the edges.</summary>
    public static Gen<long> AnyLong { get; } = Gen.Frequency(
        (4, FullRangeLong()),
        (3, Gen.Choose(-1_000_000, 1_000_000).Select(i => (long)i)),
        (2, RoundLong()),
        (1, Gen.Elements(Edges)));

    public static Gen<int> AnyScale { get; } = Gen.Choose(0, Kinko.Primitives.Asset.MaxScale);

    public static Arbitrary<ScaledAmount> ScaledAmount() =>
        Arb.From(
            from minor in AnyLong
            from scale in AnyScale
            select new ScaledAmount(minor, scale));

    public static Arbitrary<NumberishText> NumberishText() =>
        Arb.From(
            from count in Gen.Choose(0, 7)
            from pieces in Gen.ArrayOf(Gen.Elements(Pieces), count)
            select new NumberishText(string.Concat(pieces)));

    private static Gen<long> FullRangeLong() =>
        from a in Gen.Choose(0, ushort.MaxValue)
        from b in Gen.Choose(0, ushort.MaxValue)
        from c in Gen.Choose(0, ushort.MaxValue)
        from d in Gen.Choose(0, ushort.MaxValue)
        select (long)(((ulong)(uint)a << 48) | ((ulong)(uint)b << 32) | ((ulong)(uint)c << 16) | (uint)d);

    private static Gen<long> RoundLong() =>
        from digits in Gen.Choose(-99_999, 99_999)
        from zeros in Gen.Choose(0, 13)
        select digits * (long)Math.Pow(10, zeros);
}
