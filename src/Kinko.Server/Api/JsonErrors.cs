using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kinko.Server.Api;

/// <summary>
/// The last line of the API's error contract: an exception no handler expected still answers
/// <c>{"success":false,"error":…}</c> (503 when the store could not be written, else 500), logged
/// with its details, which the client never sees. Clients such as ccxt read any other body as an outage.
/// </summary>
public static class JsonErrors
{
    public static void UseJsonErrors(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(InvokeAsync);
    }

    /// <summary>The middleware itself (public for its test).</summary>
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            var unavailable = e is System.Data.Common.DbException or IOException || e.InnerException is System.Data.Common.DbException;
            http.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("Kinko.Api").LogError(e, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
            http.Response.Clear();
            await ApiJson.Error(
                unavailable ? "service unavailable: the store could not be written; try again later" : "internal error; the operators have it in the log",
                unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError).ExecuteAsync(http);
        }
    }
}
