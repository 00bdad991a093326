using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Accounts;

/// <summary>A JSON object request body of the account and admin endpoints, read with a size limit; fields looked up by name.</summary>
public sealed class RequestJson
{
    private readonly JsonElement _root;

    private RequestJson(JsonElement root) => _root = root;

    public static async Task<RequestJson> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = await Api.RequestBody.ReadAsync(request).ConfigureAwait(false)
            ?? throw new AccountException("body", $"larger than {Api.RequestBody.MaxBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        if (buffer.Length == 0)
        {
            return new RequestJson(default);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new RequestJson(document.RootElement.Clone())
                : throw new AccountException("body", "must be a JSON object");
        }
        catch (JsonException)
        {
            throw new AccountException("body", "is not valid JSON");
        }
    }

    /// <summary>A string field, or null when absent or null; anything else is refused naming the field.</summary>
    public string? Text(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new AccountException(name, "must be a string");
    }

    /// <summary>A list field: a JSON array of strings or one comma-separated string; null when absent.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return value.EnumerateArray().Select(e => e.GetString()!.Trim()).ToList();
        }

        throw new AccountException(name, "must be an array of strings or a comma-separated string");
    }

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return _root.ValueKind == JsonValueKind.Object && _root.TryGetProperty(name, out value);
    }
}
