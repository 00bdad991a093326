using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Admin;

/// <summary>How the admin API writes its answers: snake_case fields plus <c>"success": true</c>; the CLI reads them back with the same options.</summary>
public static class AdminJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IResult Created<T>(T value) => Ok(value, StatusCodes.Status201Created);

    public static IResult Ok<T>(T value, int status = StatusCodes.Status200OK)
    {
        var element = JsonSerializer.SerializeToElement(value, Options);
        var body = new Dictionary<string, JsonElement> { ["success"] = JsonSerializer.SerializeToElement(true) };
        foreach (var property in element.EnumerateObject())
        {
            body[property.Name] = property.Value;
        }

        return Results.Json(body, Options, statusCode: status);
    }
}
