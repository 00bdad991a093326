using Kinko.Primitives;

namespace Kinko.Primitives.Tests;

public sealed class AmountTests
{
    private static readonly Asset Btc = AssetRegistry.Default.Get("BTC");
    private static readonly Asset Jpy = AssetRegistry.Default.Get("JPY");
    private static readonly Asset Eth = AssetRegistry.Default.Get("ETH");

    [Theory]
    [InlineData("1", "BTC", 100_000_000L)]
    [InlineData("1e-7", "BTC", 10L)]
    [InlineData("0.0001", "JPY", 1L)]
    [InlineData("-1234.5", "JPY", -12_345_000L)]
    [InlineData("0.000000001", "ETH", 1L)]
    [InlineData("0.000001", "XEM", 1L)]
    public void Parses_in_the_minor_units_of_the_asset(string text, string asset, long expected) =>
        Amount.Parse(text, AssetRegistry.Default.Get(asset), "amount").ShouldBe(new Amount(expected));

    [Fact]
    public void Parse_refuses_a_value_finer_than_the_asset_scale()
    {
        var ex = Should.Throw<KinkoException>(() => Amount.Parse("0.00001", Jpy, "fee"));

        ex.Error.Code.ShouldBe(ErrorCode.InvalidAmount);
        ex.Error.Field.ShouldBe("fee");
        ex.Error.Message.ShouldContain("4 decimal places");
    }

    [Fact]
    public void TryParse_reports_success_and_failure()
    {
        Amount.TryParse("0.5", Btc, "amount", out var amount, out var error).ShouldBeTrue();
        amount.ShouldBe(new Amount(50_000_000));
        error.ShouldBeNull();

        Amount.TryParse("0.123456789", Btc, "amount", out amount, out error).ShouldBeFalse();
        amount.ShouldBe(Amount.Zero);
        error.ShouldNotBeNull().Field.ShouldBe("amount");
        error.Code.ShouldBe(ErrorCode.InvalidAmount);
    }

    [Fact]
    public void Parse_and_format_need_an_asset()
    {
        Should.Throw<ArgumentNullException>(() => Amount.Parse("1", null!, "amount"));
        Should.Throw<ArgumentNullException>(() => Amount.TryParse("1", null!, "amount", out _, out _));
        Should.Throw<ArgumentNullException>(() => Amount.Zero.Format(null!));
    }

    [Theory]
    [InlineData(0L, "BTC", "0")]
    [InlineData(150_000_000L, "BTC", "1.5")]
    [InlineData(-250_000_000L, "BTC", "-2.5")]
    [InlineData(12_345_000L, "JPY", "1234.5")]
    [InlineData(1L, "ETC", "0.000000001")]
    [InlineData(1_000_000L, "XEM", "1")]
    public void Formats_in_the_asset_scale_without_trailing_zeros(long minor, string asset, string expected) =>
        new Amount(minor).Format(AssetRegistry.Default.Get(asset)).ShouldBe(expected);

    [Fact]
    public void ToString_is_the_invariant_minor_unit_count()
    {
        new Amount(150_000_000).ToString().ShouldBe("150000000");
        new Amount(-1).ToString().ShouldBe("-1");
    }

    [Fact]
    public void Arithmetic_adds_subtracts_and_negates()
    {
        var a = new Amount(7);
        var b = new Amount(3);

        (a + b).ShouldBe(new Amount(10));
        (a - b).ShouldBe(new Amount(4));
        (b - a).ShouldBe(new Amount(-4));
        (-a).ShouldBe(new Amount(-7));
        a.Add(b).ShouldBe(new Amount(10));
        a.Subtract(b).ShouldBe(new Amount(4));
        a.Negate().ShouldBe(new Amount(-7));
        (a + Amount.Zero).ShouldBe(a);
    }

    [Fact]
    public void Arithmetic_overflow_throws_instead_of_wrapping()
    {
        var max = new Amount(long.MaxValue);
        var min = new Amount(long.MinValue);
        var one = new Amount(1);

        Should.Throw<OverflowException>(() => max + one);
        Should.Throw<OverflowException>(() => min - one);
        Should.Throw<OverflowException>(() => min + new Amount(-1));
        Should.Throw<OverflowException>(() => max - new Amount(-1));
        Should.Throw<OverflowException>(() => -min);
        Should.Throw<OverflowException>(() => max.Add(one));
        Should.Throw<OverflowException>(() => min.Subtract(one));
        Should.Throw<OverflowException>(() => min.Negate());
    }

    [Fact]
    public void Arithmetic_at_the_edges_that_fits_does_not_throw()
    {
        (new Amount(long.MaxValue) + new Amount(long.MinValue)).ShouldBe(new Amount(-1));
        (-new Amount(long.MaxValue)).ShouldBe(new Amount(long.MinValue + 1));
        (new Amount(long.MinValue) - new Amount(long.MinValue)).ShouldBe(Amount.Zero);
    }

    [Fact]
    public void Comparison_operators_order_by_minor_units()
    {
        var small = new Amount(-5);
        var large = new Amount(5);
        var same = new Amount(5);

#pragma warning disable CS1718 // comparing a variable to itself is the point here
        (small < large).ShouldBeTrue();
        (large < small).ShouldBeFalse();
        (large < same).ShouldBeFalse();
        (large > small).ShouldBeTrue();
        (small > large).ShouldBeFalse();
        (large > same).ShouldBeFalse();
        (large <= same).ShouldBeTrue();
        (small <= large).ShouldBeTrue();
        (large <= small).ShouldBeFalse();
        (large >= same).ShouldBeTrue();
        (large >= small).ShouldBeTrue();
        (small >= large).ShouldBeFalse();
        (large == same).ShouldBeTrue();
        (large != small).ShouldBeTrue();
#pragma warning restore CS1718

        small.CompareTo(large).ShouldBeLessThan(0);
        large.CompareTo(small).ShouldBeGreaterThan(0);
        large.CompareTo(same).ShouldBe(0);
        new Amount(long.MinValue).CompareTo(new Amount(long.MaxValue)).ShouldBeLessThan(0);
    }

    [Fact]
    public void Sorting_uses_the_comparison()
    {
        Amount[] amounts = [new(3), new(long.MinValue), new(0), new(long.MaxValue), new(-1)];

        amounts.Order().ShouldBe([new(long.MinValue), new(-1), new(0), new(3), new(long.MaxValue)]);
    }

    [Fact]
    public void Sign_properties()
    {
        Amount.Zero.IsNegative.ShouldBeFalse();
        Amount.Zero.IsPositive.ShouldBeFalse();
        new Amount(-1).IsNegative.ShouldBeTrue();
        new Amount(-1).IsPositive.ShouldBeFalse();
        new Amount(1).IsPositive.ShouldBeTrue();
        new Amount(1).IsNegative.ShouldBeFalse();
    }

    [Fact]
    public void Eth_is_kept_in_gwei()
    {
        // 9 decimals: the largest amount of ETH that fits is about 9.2 billion ETH.
        Amount.Parse("9223372036.854775807", Eth, "amount").ShouldBe(new Amount(long.MaxValue));
        Amount.TryParse("0.0000000001", Eth, "amount", out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().Message.ShouldContain("9 decimal places");
    }
}
