using System.Globalization;

namespace Kinko.Primitives;

/// <summary>
/// A quantity of some asset in integer minor units (satoshi, 0.0001 JPY, ...). Arithmetic is checked:
/// an overflow throws instead of wrapping. The asset (and so the scale) travels beside the amount.
/// </summary>
public readonly record struct Amount(long MinorUnits) : IComparable<Amount>
{
    public static readonly Amount Zero = new(0);

    public bool IsNegative => MinorUnits < 0;

    public bool IsPositive => MinorUnits > 0;

    public static Amount operator +(Amount a, Amount b) => new(checked(a.MinorUnits + b.MinorUnits));

    public static Amount operator -(Amount a, Amount b) => new(checked(a.MinorUnits - b.MinorUnits));

    public static Amount operator -(Amount a) => new(checked(-a.MinorUnits));

    public static bool operator <(Amount a, Amount b) => a.MinorUnits < b.MinorUnits;

    public static bool operator >(Amount a, Amount b) => a.MinorUnits > b.MinorUnits;

    public static bool operator <=(Amount a, Amount b) => a.MinorUnits <= b.MinorUnits;

    public static bool operator >=(Amount a, Amount b) => a.MinorUnits >= b.MinorUnits;

    public int CompareTo(Amount other) => MinorUnits.CompareTo(other.MinorUnits);

    public Amount Add(Amount other) => this + other;

    public Amount Subtract(Amount other) => this - other;

    public Amount Negate() => -this;

    /// <summary>Parses a decimal text into minor units of <paramref name="asset"/>; see <see cref="AmountText.Parse"/>.</summary>
    public static Amount Parse(string? text, Asset asset, string field)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return new Amount(AmountText.Parse(text, asset.Scale, field));
    }

    public static bool TryParse(string? text, Asset asset, string field, out Amount amount, out KinkoError? error)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (AmountText.TryParse(text, asset.Scale, field, out var minor, out error))
        {
            amount = new Amount(minor);
            return true;
        }

        amount = Zero;
        return false;
    }

    /// <summary>Invariant-culture decimal text with trailing zeros removed: <c>0.1</c>, <c>-12</c>.</summary>
    public string Format(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return AmountText.Format(MinorUnits, asset.Scale);
    }

    public override string ToString() => MinorUnits.ToString(CultureInfo.InvariantCulture);
}
