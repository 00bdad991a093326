using Kinko.Primitives;

namespace Kinko.Primitives.Tests;

public sealed class AmountTextParseTests
{
    private const string Field = "price";

    [Theory]
    [InlineData("1", 8, 100_000_000L)]
    [InlineData("0.1", 8, 10_000_000L)]
    [InlineData(".5", 8, 50_000_000L)]
    [InlineData("-2.5", 8, -250_000_000L)]
    [InlineData("+3", 8, 300_000_000L)]
    [InlineData("1e-7", 8, 10L)]
    [InlineData("1E-8", 8, 1L)]
    [InlineData("1.5E+3", 8, 150_000_000_000L)]
    [InlineData("1.5e3", 0, 1500L)]
    [InlineData("1500e-3", 1, 15L)]
    [InlineData("0", 8, 0L)]
    [InlineData("-0", 8, 0L)]
    [InlineData("0.0", 0, 0L)]
    [InlineData("5.", 2, 500L)]
    [InlineData("-.25", 2, -25L)]
    [InlineData("007", 0, 7L)]
    [InlineData("1.50000000", 8, 150_000_000L)]
    [InlineData("1.500000000000", 8, 150_000_000L)]
    [InlineData("12345.6789", 4, 123_456_789L)]
    [InlineData("1e+05", 0, 100_000L)]
    [InlineData("0e-64", 8, 0L)]
    [InlineData("0.00000001", 8, 1L)]
    [InlineData("0.000000001", 9, 1L)]
    [InlineData("9223372036854775807", 0, long.MaxValue)]
    [InlineData("-9223372036854775808", 0, long.MinValue)]
    [InlineData("92233720368.54775807", 8, long.MaxValue)]
    [InlineData("-92233720368.54775808", 8, long.MinValue)]
    [InlineData("9.223372036854775807", 18, long.MaxValue)]
    public void Parses_decimal_text_into_minor_units(string text, int scale, long expected)
    {
        AmountText.Parse(text, scale, Field).ShouldBe(expected);

        AmountText.TryParse(text, scale, Field, out var minor, out var error).ShouldBeTrue();
        minor.ShouldBe(expected);
        error.ShouldBeNull();
    }

    [Fact]
    public void A_value_finer_than_the_scale_is_refused_naming_the_field_and_the_decimal_places()
    {
        var ex = Should.Throw<KinkoException>(() => AmountText.Parse("0.30000000000000004", 8, Field));

        ex.Error.Code.ShouldBe(ErrorCode.InvalidAmount);
        ex.Error.Field.ShouldBe(Field);
        ex.Error.Message.ShouldContain("8 decimal places");
        ex.Message.ShouldContain(Field);
    }

    [Theory]
    [InlineData("0.000000001", 8)]
    [InlineData("1e-9", 8)]
    [InlineData("0.00001", 4)]
    [InlineData("0.5", 0)]
    [InlineData("1.0000000001", 9)]
    public void Never_rounds_a_value_finer_than_the_scale(string text, int scale)
    {
        AmountText.TryParse(text, scale, "amount", out var minor, out var error).ShouldBeFalse();

        minor.ShouldBe(0);
        error.ShouldNotBeNull();
        error.Code.ShouldBe(ErrorCode.InvalidAmount);
        error.Field.ShouldBe("amount");
        error.Message.ShouldContain($"{scale} decimal places");
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("\t1")]
    [InlineData("1\n")]
    [InlineData("\u00a01")]
    [InlineData("1,5")]
    [InlineData("1,000")]
    [InlineData("1_000")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("1e")]
    [InlineData("1E")]
    [InlineData("1e+")]
    [InlineData("1e-")]
    [InlineData("1e999")]
    [InlineData("1e-999")]
    [InlineData("1e65")]
    [InlineData("1e-65")]
    [InlineData("1e 5")]
    [InlineData("1e5 ")]
    [InlineData("1ee5")]
    [InlineData("1e5e5")]
    [InlineData("1e5.5")]
    [InlineData("1e+-5")]
    [InlineData("1e\u22125")]
    [InlineData("--1")]
    [InlineData("++1")]
    [InlineData("+-1")]
    [InlineData("-+1")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("e5")]
    [InlineData(".e5")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("∞")]
    [InlineData("\u22121")]
    [InlineData("１")]
    [InlineData("١")]
    [InlineData("1\0")]
    [InlineData("1e5\0")]
    [InlineData("\u00001")]
    [InlineData("1/2")]
    [InlineData("(1)")]
    [InlineData("1-")]
    [InlineData("$1")]
    public void Refuses_text_that_is_not_a_plain_decimal_number(string? text)
    {
        AmountText.TryParse(text, 8, Field, out var minor, out var error).ShouldBeFalse();

        minor.ShouldBe(0);
        error.ShouldNotBeNull();
        error.Code.ShouldBe(ErrorCode.InvalidAmount);
        error.Field.ShouldBe(Field);

        var ex = Should.Throw<KinkoException>(() => AmountText.Parse(text, 8, Field));
        ex.Error.ShouldBe(error);
    }

    [Theory]
    [InlineData("9223372036854775808", 0)]
    [InlineData("-9223372036854775809", 0)]
    [InlineData("92233720368.54775808", 8)]
    [InlineData("-92233720368.54775809", 8)]
    [InlineData("100000000000", 8)]
    [InlineData("10", 18)]
    [InlineData("1e19", 0)]
    [InlineData("1e64", 0)]
    [InlineData("99999999999999999999999999999999999999999999999999999999999999", 0)]
    public void Refuses_values_that_do_not_fit_in_a_long(string text, int scale)
    {
        AmountText.TryParse(text, scale, Field, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull();
        error.Code.ShouldBe(ErrorCode.InvalidAmount);
        error.Field.ShouldBe(Field);
        error.Message.ShouldContain("too large");
    }

    [Fact]
    public void Refuses_text_longer_than_the_maximum_length()
    {
        var text = new string('1', AmountText.MaxLength + 1);
        text.Length.ShouldBe(65);

        AmountText.TryParse(text, 0, Field, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull();
        error.Field.ShouldBe(Field);
        error.Message.ShouldContain("64");
    }

    [Fact]
    public void Accepts_text_of_exactly_the_maximum_length()
    {
        var text = new string('0', AmountText.MaxLength - 1) + "1";

        AmountText.Parse(text, 8, Field).ShouldBe(100_000_000);
    }

    [Fact]
    public void Refuses_a_long_refused_text_without_echoing_all_of_it()
    {
        var text = new string('x', AmountText.MaxLength);

        AmountText.TryParse(text, 0, Field, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull();
        error.Message.ShouldNotContain(text);
    }

    [Fact]
    public void Every_error_carries_the_given_field_name()
    {
        foreach (var text in new[] { "", "abc", "1e999", "0.123456789", "1e30", new string('9', 65) })
        {
            AmountText.TryParse(text, 8, "market_buy_amount", out _, out var error).ShouldBeFalse(text);
            error.ShouldNotBeNull().Field.ShouldBe("market_buy_amount");
        }
    }
}
