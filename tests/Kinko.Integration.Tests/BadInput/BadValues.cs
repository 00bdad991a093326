namespace Kinko.Integration.Tests.BadInput;

/// <summary>What a field holds, which decides the malformed values to send it.</summary>
public enum FieldKind
{
    BaseAmount,
    Price,
    StopPrice,
    QuoteAmount,
    Pair,
    OrderType,
    TimeInForce,
    ClientOrderId,
    Id,
    Limit,
    Order,
    CursorId,
    Currency,
    Name,
    BankAccountType,
    BankAccountNumber,
    Email,
    Password,
}

/// <summary>A field of an endpoint: where it goes and whether the endpoint needs it.</summary>
public sealed record Field(string Name, FieldKind Kind, bool Required = true);

/// <summary>
/// The malformed values of each kind of field: every one must be refused by any endpoint taking
/// such a field, whatever the rest of the request. Missing and empty are added for required fields.
/// </summary>
public static class BadValues
{
    private static readonly string Huge = new('9', 5_000);

    /// <summary>Decimal's largest value: it parses, and then overflows a division by a lot or tick under 1.</summary>
    private const string DecimalMax = "79228162514264337593543950335";

    public static IEnumerable<(string Label, string? Value)> For(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Required)
        {
            yield return ("missing", null);
            yield return ("empty", "");
        }

        foreach (var value in Of(field.Kind))
        {
            yield return (value.Length > 40 ? $"{value[..12]}…({value.Length} chars)" : value, value);
        }
    }

    private static string[] Of(FieldKind kind) => kind switch
    {
        // btc_jpy: lot 0.0001 BTC, minimum 0.001 BTC, tick 1 JPY, band 10%.
        FieldKind.BaseAmount => ["abc", "1e400", Huge, DecimalMax, "1e27", "-0.01", "0", "0.00015", "1e-9", "0.0009", "NaN", "Infinity", "0x10", "[1]", "{\"a\":1}", "true"],
        FieldKind.Price => ["abc", "1e400", Huge, DecimalMax, "1e27", "-5000000", "0", "5000000.5", "5e-7", "99999999999999", "NaN", "[1]"],
        // A stop price may lie far from the market (it waits), so only malformed prices count.
        FieldKind.StopPrice => ["abc", "1e400", Huge, DecimalMax, "1e27", "-1", "0", "0.5", "NaN", "[1]"],
        FieldKind.QuoteAmount => ["abc", "1e400", Huge, DecimalMax, "1e27", "-1", "0", "0.00001", "NaN", "[1]"],
        FieldKind.Pair => ["doge_jpy", "BTC_JPY", "btc_jpy;drop table", "btc", new string('a', 5_000)],
        FieldKind.OrderType => ["short", "BUY", "market", "buy ", "1"],
        FieldKind.TimeInForce => ["forever", "GTC", "post only", "1"],
        FieldKind.ClientOrderId => [new string('c', 65), "with space", "ünïcode", "tab\there"],
        FieldKind.Id => ["abc", "-1", "0", "99999999999999999999", "1e3", "1.0", "%20"],
        FieldKind.Limit => ["0", "-1", "abc", "1e2", "99999999999999999999"],
        FieldKind.Order => ["up", "DESC", "random"],
        FieldKind.CursorId => ["abc", "-5", "0", "1.5", "99999999999999999999"],
        FieldKind.Currency => ["b t c", "btc;", new string('x', 300), "j"],
        FieldKind.Name => [new string('n', 65), "line\u0001break"],
        FieldKind.BankAccountType => ["savings", "FUTSU", "1"],
        FieldKind.BankAccountNumber => ["12345", "abcdefg", "12345678", "１２３４５６７", "-123456"],
        FieldKind.Email => ["not-an-address", "a@", "@b.example", new string('e', 300) + "@example.com"],
        FieldKind.Password => ["short", new string('p', 1_000)],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
