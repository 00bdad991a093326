using System.Globalization;
using System.Numerics;
using System.Text;

namespace Kinko.Primitives;

/// <summary>
/// Exact decimal text ↔ minor units, culture-invariant. Accepts <c>12</c>, <c>-0.5</c>, <c>.5</c>,
/// <c>1e-7</c>, <c>1.5E+3</c>. Never rounds: a value finer than the scale is refused with a reason
/// naming the field, and so is anything that does not fit in a <see cref="long"/>.
/// </summary>
public static class AmountText
{
    /// <summary>Longest text accepted, so that a huge input cannot cost much.</summary>
    public const int MaxLength = 64;

    /// <summary>Largest exponent magnitude accepted in <c>1e±N</c> notation.</summary>
    public const int MaxExponent = 64;

    public static long Parse(string? text, int scale, string field) =>
        TryParse(text, scale, field, out var minor, out var error) ? minor : throw new KinkoException(error!);

    public static bool TryParse(string? text, int scale, string field, out long minorUnits, out KinkoError? error)
    {
        minorUnits = 0;
        error = Scan(text, out var negative, out var digits, out var exponent);
        if (error is null)
        {
            error = ToMinorUnits(negative, digits, exponent + scale, scale, out minorUnits);
        }

        if (error is not null)
        {
            error = error with { Field = field };
            return false;
        }

        return true;
    }

    public static string Format(long minorUnits, int scale)
    {
        var negative = minorUnits < 0;
        var magnitude = BigInteger.Abs(new BigInteger(minorUnits)).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            magnitude = magnitude.PadLeft(scale + 1, '0');
            var whole = magnitude[..^scale];
            var fraction = magnitude[^scale..].TrimEnd('0');
            magnitude = fraction.Length == 0 ? whole : whole + "." + fraction;
        }

        return negative ? "-" + magnitude : magnitude;
    }

    private static KinkoError? Scan(string? text, out bool negative, out string digits, out int exponent)
    {
        negative = false;
        digits = "";
        exponent = 0;
        if (string.IsNullOrEmpty(text))
        {
            return Invalid("is missing or empty");
        }

        if (text.Length > MaxLength)
        {
            return Invalid($"is longer than {MaxLength} characters");
        }

        var i = 0;
        if (text[i] is '-' or '+')
        {
            negative = text[i] == '-';
            i++;
        }

        var builder = new StringBuilder(text.Length);
        var fractionDigits = 0;
        var sawDigit = false;
        var sawPoint = false;
        for (; i < text.Length && text[i] != 'e' && text[i] != 'E'; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                builder.Append(c);
                sawDigit = true;
                if (sawPoint)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !sawPoint)
            {
                sawPoint = true;
            }
            else
            {
                return Invalid($"is not a decimal number ('{Printable(text)}')");
            }
        }

        if (!sawDigit)
        {
            return Invalid($"is not a decimal number ('{Printable(text)}')");
        }

        var exponentPart = 0;
        if (i < text.Length)
        {
            var rest = text[(i + 1)..];
            if (!TryParseExponent(rest, out exponentPart))
            {
                return Invalid($"has an invalid exponent ('{Printable(text)}')");
            }
        }

        digits = builder.ToString();
        exponent = exponentPart - fractionDigits;
        return null;
    }

    private static KinkoError? ToMinorUnits(bool negative, string digits, int shift, int scale, out long minorUnits)
    {
        minorUnits = 0;
        var value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (shift < 0)
        {
            var divisor = BigInteger.Pow(10, -shift);
            var quotient = BigInteger.DivRem(value, divisor, out var remainder);
            if (!remainder.IsZero)
            {
                return Invalid($"has more than {scale} decimal places");
            }

            value = quotient;
        }
        else
        {
            value *= BigInteger.Pow(10, shift);
        }

        if (negative)
        {
            value = -value;
        }

        if (value > long.MaxValue || value < long.MinValue)
        {
            return Invalid("is too large");
        }

        minorUnits = (long)value;
        return null;
    }

    /// <summary>An optional sign and ASCII digits, at most <see cref="MaxExponent"/> in magnitude.</summary>
    private static bool TryParseExponent(string text, out int exponent)
    {
        exponent = 0;
        var i = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        if (text.Length == i)
        {
            return false;
        }

        for (var j = i; j < text.Length; j++)
        {
            if (text[j] is < '0' or > '9')
            {
                return false;
            }

            exponent = Math.Min((exponent * 10) + (text[j] - '0'), MaxExponent + 1);
        }

        if (text[0] == '-')
        {
            exponent = -exponent;
        }

        return Math.Abs(exponent) <= MaxExponent;
    }

    private static KinkoError Invalid(string reason) => new(ErrorCode.InvalidAmount, reason);

    private static string Printable(string text) => text.Length <= 24 ? text : text[..24] + "…";
}
