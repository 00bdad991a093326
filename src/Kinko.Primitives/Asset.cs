namespace Kinko.Primitives;

/// <summary>An asset and the number of decimal places of its minor unit (JPY 4, BTC 8, ...).</summary>
public sealed record Asset
{
    public const int MaxScale = 18;

    public Asset(string code, int scale)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        if (scale is < 0 or > MaxScale)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"an asset's scale is 0..{MaxScale}");
        }

        Code = code.ToUpperInvariant();
        Scale = scale;
    }

    /// <summary>Upper-case code such as <c>BTC</c>.</summary>
    public string Code { get; }

    /// <summary>Decimal places of one minor unit: 8 means one minor unit is 0.00000001.</summary>
    public int Scale { get; }

    public override string ToString() => Code;
}
