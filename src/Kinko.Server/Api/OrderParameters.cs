using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Kinko.Server.Api;

/// <summary>A private request's parameters: the form body (what ccxt sends) or a JSON object, over the query.</summary>
public static class OrderParameters
{
    /// <param name="body">The raw body, as authentication read it (<see cref="Auth.ApiCaller.Body"/>).</param>
    public static IReadOnlyDictionary<string, string?> Read(HttpRequest request, string body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            values[key] = value.ToString();
        }

        if (body.TrimStart().StartsWith('{'))
        {
            using var document = JsonDocument.Parse(body);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => property.Value.GetString(),
                    _ => property.Value.GetRawText(),
                };
            }
        }
        else
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(body))
            {
                values[key] = value.ToString();
            }
        }

        return values;
    }

    /// <summary>A decimal parameter as clients send it (<c>1e-7</c>, <c>0.30000000000000004</c>), or an error naming it.</summary>
    public static bool TryDecimal(IReadOnlyDictionary<string, string?> values, string name, out decimal? value, out string? error)
    {
        value = null;
        error = null;
        if (!values.TryGetValue(name, out var text) || string.IsNullOrEmpty(text) || text == "null")
        {
            return true;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            error = $"{name} must be a number, not '{text}'";
            return false;
        }

        value = parsed;
        return true;
    }
}
