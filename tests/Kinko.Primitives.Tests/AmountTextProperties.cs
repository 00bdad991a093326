using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using FsCheck.Xunit;
using Kinko.Primitives;

namespace Kinko.Primitives.Tests;

[Properties(Arbitrary = [typeof(AmountArbitraries)], MaxTest = 1000)]
public sealed partial class AmountTextProperties
{
    private const string Field = "amount";

    [Property]
    public void Parse_of_Format_is_the_identity(ScaledAmount a)
    {
        var text = AmountText.Format(a.MinorUnits, a.Scale);

        AmountText.Parse(text, a.Scale, Field).ShouldBe(a.MinorUnits, text);
    }

    [Property]
    public void Amount_Parse_of_Format_is_the_identity_for_every_configured_asset(ScaledAmount a)
    {
        foreach (var asset in AssetRegistry.Default.All)
        {
            var amount = new Amount(a.MinorUnits);

            Amount.Parse(amount.Format(asset), asset, Field).ShouldBe(amount);
        }
    }

    [Property]
    public void Format_agrees_with_System_Decimal(ScaledAmount a)
    {
        var magnitude = (ulong)BigInteger.Abs(a.MinorUnits);
        var exact = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, a.MinorUnits < 0, (byte)a.Scale);

        AmountText.Format(a.MinorUnits, a.Scale)
            .ShouldBe(exact.ToString("0.##################", CultureInfo.InvariantCulture));
    }

    [Property]
    public void Format_is_canonical_text(ScaledAmount a)
    {
        var text = AmountText.Format(a.MinorUnits, a.Scale);

        CanonicalDecimal().IsMatch(text).ShouldBeTrue(text);
        text.Length.ShouldBeLessThanOrEqualTo(AmountText.MaxLength);
        if (a.MinorUnits == 0)
        {
            text.ShouldBe("0");
        }
    }

    [Property]
    public void Scientific_notation_reads_the_same_value(ScaledAmount a)
    {
        var digits = a.MinorUnits.ToString(CultureInfo.InvariantCulture);

        AmountText.Parse($"{digits}e-{a.Scale}", a.Scale, Field).ShouldBe(a.MinorUnits);
        AmountText.Parse($"{digits}E-{a.Scale}", a.Scale, Field).ShouldBe(a.MinorUnits);
    }

    [Property]
    public void Redundant_zeros_and_plus_sign_do_not_change_the_value(ScaledAmount a)
    {
        var text = AmountText.Format(a.MinorUnits, a.Scale);
        var negative = text.StartsWith('-');
        var unsigned = negative ? text[1..] : text;
        var padded = (negative ? "-" : "+") + "000" + unsigned + (unsigned.Contains('.', StringComparison.Ordinal) ? "000" : ".000");

        AmountText.Parse(padded, a.Scale, Field).ShouldBe(a.MinorUnits, padded);
    }

    [Property]
    public void A_value_one_place_finer_than_the_scale_is_refused_unless_it_ends_in_zero(ScaledAmount a)
    {
        var scale = Math.Min(a.Scale, Asset.MaxScale - 1);
        var finer = AmountText.Format(a.MinorUnits, scale + 1);

        var parsed = AmountText.TryParse(finer, scale, Field, out var minor, out var error);

        if (a.MinorUnits % 10 == 0)
        {
            parsed.ShouldBeTrue(finer);
            minor.ShouldBe(a.MinorUnits / 10);
        }
        else
        {
            parsed.ShouldBeFalse(finer);
            error.ShouldNotBeNull();
            error.Field.ShouldBe(Field);
            error.Message.ShouldContain($"{scale} decimal places");
        }
    }

    [Property]
    public void Scaling_up_by_an_exponent_is_checked(ScaledAmount a)
    {
        var text = AmountText.Format(a.MinorUnits, a.Scale) + "e1";
        var expected = (BigInteger)a.MinorUnits * 10;

        var parsed = AmountText.TryParse(text, a.Scale, Field, out var minor, out var error);

        if (expected >= long.MinValue && expected <= long.MaxValue)
        {
            parsed.ShouldBeTrue(text);
            minor.ShouldBe((long)expected);
        }
        else
        {
            parsed.ShouldBeFalse(text);
            error.ShouldNotBeNull().Message.ShouldContain("too large");
        }
    }

    [Property]
    public void TryParse_never_throws_and_every_refusal_names_the_field(string? text, byte scaleSeed)
    {
        var scale = scaleSeed % (Asset.MaxScale + 1);

        if (AmountText.TryParse(text, scale, Field, out var minor, out var error))
        {
            error.ShouldBeNull();
            AmountText.Parse(text, scale, Field).ShouldBe(minor);
        }
        else
        {
            minor.ShouldBe(0);
            error.ShouldNotBeNull();
            error.Code.ShouldBe(ErrorCode.InvalidAmount);
            error.Field.ShouldBe(Field);
            Should.Throw<KinkoException>(() => AmountText.Parse(text, scale, Field)).Error.ShouldBe(error);
        }
    }

    [Property(MaxTest = 5000)]
    public void Accepts_only_the_decimal_grammar_and_agrees_with_System_Decimal(NumberishText input, byte scaleSeed)
    {
        var text = input.Text;
        var scale = scaleSeed % (Asset.MaxScale + 1);

        if (!AmountText.TryParse(text, scale, Field, out var minor, out var error))
        {
            error.ShouldNotBeNull().Field.ShouldBe(Field);
            if (Grammar().Match(text) is { Success: true } match && !IsExponentTooLarge(match))
            {
                // Well-formed but refused: only because it is too fine or too large.
                error.Message.ShouldMatch("decimal places|too large");
            }

            return;
        }

        Grammar().IsMatch(text).ShouldBeTrue($"accepted '{text}'");
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out var expected).ShouldBeTrue($"decimal refuses '{text}'");
        var magnitude = (ulong)BigInteger.Abs(minor);
        new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, minor < 0, (byte)scale)
            .ShouldBe(expected, $"'{text}'");
    }

    private static bool IsExponentTooLarge(Match match) =>
        match.Groups["exponent"].Success
        && BigInteger.Abs(BigInteger.Parse(match.Groups["exponent"].Value, CultureInfo.InvariantCulture)) > AmountText.MaxExponent;

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?\z")]
    private static partial Regex CanonicalDecimal();

    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE](?<exponent>[+-]?[0-9]+))?\z")]
    private static partial Regex Grammar();
}
