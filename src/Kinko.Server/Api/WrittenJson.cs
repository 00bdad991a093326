using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Api;

/// <summary>
/// A 200 JSON answer written field by field with a <see cref="Utf8JsonWriter"/> and sent with its
/// length in one write: the answer of the busiest routes (placing and cancelling), which would
/// otherwise pay for reflection over an anonymous object and an asynchronous serializer per request.
/// </summary>
public sealed class WrittenJson(Action<Utf8JsonWriter> writeFields) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;
        return response.BodyWriter.WriteAsync(buffer.WrittenMemory).AsTask();
    }
}
