using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Kinko.Server.Api;

/// <summary>A private request's parameters: the form body (what ccxt sends) or a JSON object, over the query.</summary>
public static class RequestParameters
{
    /// <summary>Most parameters one request may carry.</summary>
    public const int MaxParameters = 32;

    /// <summary>
    /// The parameters: the query, then the body over it, read as a JSON object when it starts with
    /// <c>{</c>, else as a form. A body that is neither gives an error and no values.
    /// </summary>
    /// <param name="body">The raw body, as authentication read it (<see cref="Auth.ApiCaller.Body"/>).</param>
    public static bool TryRead(HttpRequest request, string body, out IReadOnlyDictionary<string, string?> values, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var read = new Dictionary<string, string?>(StringComparer.Ordinal);
        values = read;
        error = null;
        foreach (var (key, value) in request.Query)
        {
            read[key] = value.ToString();
        }

        if (IsJson(body))
        {
            using var document = ParseObject(body, out error);
            if (document is null)
            {
                return false;
            }

            Add(document.RootElement, read);
        }
        else
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(body))
            {
                read[key] = value.ToString();
            }
        }

        if (read.Count > MaxParameters)
        {
            error = $"body: more than {MaxParameters} parameters";
            return false;
        }

        return true;
    }

    /// <summary>Whether the body is meant as JSON (it starts with <c>{</c>), not as a form.</summary>
    public static bool IsJson(string body) => body.AsSpan().TrimStart().StartsWith('{');

    /// <summary>The body as a JSON object, or null and an error saying why not (broken JSON, a key given twice).</summary>
    public static JsonDocument? ParseObject(string body, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        error = null;
        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            error = "body: not a JSON object";
        }
        catch (JsonException e)
        {
            error = $"body: not a JSON object ({e.Message.Split('.')[0]})";
        }

        return null;
    }

    /// <summary>A JSON object's members as parameters (a string as itself, null as null, anything else as its JSON text), or an error.</summary>
    public static bool TryRead(JsonElement json, out IReadOnlyDictionary<string, string?> values, [NotNullWhen(false)] out string? error)
    {
        var read = new Dictionary<string, string?>(StringComparer.Ordinal);
        values = read;
        if (json.ValueKind == JsonValueKind.Object)
        {
            Add(json, read);
        }

        error = json.ValueKind != JsonValueKind.Object ? "not a JSON object" : read.Count > MaxParameters ? $"more than {MaxParameters} parameters" : null;
        return error is null;
    }

    private static void Add(JsonElement json, Dictionary<string, string?> values)
    {
        foreach (var property in json.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                _ => property.Value.GetRawText(),
            };
        }
    }
}
