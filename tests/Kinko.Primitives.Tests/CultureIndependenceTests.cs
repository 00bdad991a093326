using System.Globalization;
using Kinko.Primitives;

namespace Kinko.Primitives.Tests;

/// <summary>
/// Test projects run with InvariantGlobalization, so no real culture such as de-DE can be loaded.
/// Instead the current culture is replaced by a hostile one built from the invariant culture:
/// comma decimal separator, dot group separator, odd signs. Parsing and formatting must not notice.
/// </summary>
public sealed class CultureIndependenceTests
{
    [Fact]
    public void A_comma_is_never_a_decimal_separator()
    {
        AmountText.TryParse("1,5", 8, "amount", out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().Field.ShouldBe("amount");

        AmountText.Parse("1.5", 8, "amount").ShouldBe(150_000_000);
    }

    [Fact]
    public void Parsing_ignores_the_current_culture() => WithHostileCulture(() =>
    {
        AmountText.Parse("1.5", 8, "amount").ShouldBe(150_000_000);
        AmountText.Parse("-2.5", 8, "amount").ShouldBe(-250_000_000);
        AmountText.Parse("+3", 0, "amount").ShouldBe(3);
        AmountText.Parse("1e-7", 8, "amount").ShouldBe(10);
        AmountText.Parse("1.5E+3", 0, "amount").ShouldBe(1500);

        AmountText.TryParse("1,5", 8, "amount", out _, out _).ShouldBeFalse();
        AmountText.TryParse("1.000,5", 8, "amount", out _, out _).ShouldBeFalse();
        AmountText.TryParse("~2", 8, "amount", out _, out _).ShouldBeFalse();
        AmountText.TryParse("#2", 8, "amount", out _, out _).ShouldBeFalse();
        AmountText.TryParse("1e~7", 8, "amount", out _, out _).ShouldBeFalse();
        AmountText.TryParse("1e#7", 8, "amount", out _, out _).ShouldBeFalse();
    });

    [Fact]
    public void Formatting_ignores_the_current_culture() => WithHostileCulture(() =>
    {
        AmountText.Format(150_000_000, 8).ShouldBe("1.5");
        AmountText.Format(-250_000_000, 8).ShouldBe("-2.5");
        AmountText.Format(123_456_789_000, 0).ShouldBe("123456789000");
        new Amount(-5).ToString().ShouldBe("-5");
        new Amount(-150_000_000).Format(AssetRegistry.Default.Get("BTC")).ShouldBe("-1.5");
    });

    private static void WithHostileCulture(Action action)
    {
        var hostile = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        hostile.NumberFormat.NumberDecimalSeparator = ",";
        hostile.NumberFormat.NumberGroupSeparator = ".";
        hostile.NumberFormat.NegativeSign = "~";
        hostile.NumberFormat.PositiveSign = "#";

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = hostile;
        CultureInfo.CurrentUICulture = hostile;
        try
        {
            // The hostile culture really is in effect for culture-sensitive code.
            1.5m.ToString(CultureInfo.CurrentCulture).ShouldBe("1,5");
            decimal.Parse("~2", CultureInfo.CurrentCulture).ShouldBe(-2m);
            action();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }
}
