using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Api;

/// <summary>Reads a request body whole, but never more than a limit: a larger one is refused without being read to its end.</summary>
public static class RequestBody
{
    /// <summary>Largest body any API endpoint reads (orders, forms and account requests are a few hundred bytes).</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>The body's bytes, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= MaxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length)).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return length > MaxBytes ? null : buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string TooLarge => $"body: larger than {MaxBytes} bytes";
}
