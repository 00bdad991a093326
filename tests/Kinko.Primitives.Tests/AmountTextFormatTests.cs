using Kinko.Primitives;

namespace Kinko.Primitives.Tests;

public sealed class AmountTextFormatTests
{
    [Theory]
    [InlineData(0L, 8, "0")]
    [InlineData(0L, 0, "0")]
    [InlineData(150_000_000L, 8, "1.5")]
    [InlineData(100_000_000L, 8, "1")]
    [InlineData(10L, 8, "0.0000001")]
    [InlineData(1L, 8, "0.00000001")]
    [InlineData(-1L, 8, "-0.00000001")]
    [InlineData(-250_000_000L, 8, "-2.5")]
    [InlineData(123_456_789L, 4, "12345.6789")]
    [InlineData(1_000L, 0, "1000")]
    [InlineData(-1_000L, 0, "-1000")]
    [InlineData(1L, 9, "0.000000001")]
    [InlineData(1L, 18, "0.000000000000000001")]
    [InlineData(long.MaxValue, 0, "9223372036854775807")]
    [InlineData(long.MinValue, 0, "-9223372036854775808")]
    [InlineData(long.MaxValue, 8, "92233720368.54775807")]
    [InlineData(long.MinValue, 8, "-92233720368.54775808")]
    [InlineData(long.MinValue, 18, "-9.223372036854775808")]
    [InlineData(long.MinValue, 19, "-0.9223372036854775808")]
    public void Formats_minor_units_as_invariant_decimal_text(long minorUnits, int scale, string expected) =>
        AmountText.Format(minorUnits, scale).ShouldBe(expected);

    [Fact]
    public void Drops_trailing_zeros()
    {
        AmountText.Format(150_000_000, 8).ShouldBe("1.5");
        AmountText.Format(150_000_000, 8).ShouldNotBe("1.50000000");
        AmountText.Format(10_000, 4).ShouldBe("1");
    }

    [Fact]
    public void Zero_is_plain_zero_at_every_scale()
    {
        for (var scale = 0; scale <= Asset.MaxScale; scale++)
        {
            AmountText.Format(0, scale).ShouldBe("0", $"scale {scale}");
        }
    }
}
