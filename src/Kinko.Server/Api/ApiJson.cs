using System.Globalization;
using Kinko.Primitives;
using Kinko.Trading.Markets;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Api;

/// <summary>
/// How the Coincheck-compatible API writes values (spec §4): amounts as strings, some prices as
/// numbers, never exponent notation; times as ISO-8601 UTC with milliseconds or Unix seconds; every
/// error as <c>{"success":false,"error":"…"}</c> with a 4xx status.
/// </summary>
public static class ApiJson
{
    /// <summary>A price (quote per one base unit) as a number without trailing zeros.</summary>
    public static decimal Price(Market market, long priceTicks) => Normalize(market.Price(priceTicks));

    /// <summary>A price as a string (for fields the spec gives as strings).</summary>
    public static string PriceText(Market market, long priceTicks) => Price(market, priceTicks).ToString(CultureInfo.InvariantCulture);

    /// <summary>An amount of lots in base units, as a string (<c>"0.0015"</c>).</summary>
    public static string BaseAmount(Market market, long lots) => AmountText.Format(market.BaseAmount(lots), market.Base.Scale);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static long UnixSeconds(DateTimeOffset at) => at.ToUnixTimeSeconds();

    /// <summary>A JSON error in the shape every client (ccxt included) expects: 400 unless said otherwise.</summary>
    public static IResult Error(string message, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new { success = false, error = message }, statusCode: status);

    /// <summary>Drops trailing zeros (<c>4.0000</c> → <c>4</c>) without changing the value.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
