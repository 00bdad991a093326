namespace Kinko.Primitives;

/// <summary>A ledger account.</summary>
public readonly record struct AccountId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A customer (user) of the exchange.</summary>
public readonly record struct UserId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A position in the ledger: the n-th transfer ever committed, starting at 1.</summary>
public readonly record struct LedgerPosition(long Value) : IComparable<LedgerPosition>
{
    public static readonly LedgerPosition Start = new(0);

    public int CompareTo(LedgerPosition other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
