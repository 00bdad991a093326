using System.Text.Json;
using Kinko.Server.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Integration.Tests;

/// <summary>An exception no API handler expected still answers the JSON error shape, without its details.</summary>
public sealed class JsonErrorsTests
{
    [Fact]
    public async Task An_unexpected_exception_under_api_is_a_json_500_that_hides_its_details()
    {
        var (status, body) = await RunAsync("/api/exchange/orders", new InvalidOperationException("secret detail"));

        status.ShouldBe(StatusCodes.Status500InternalServerError);
        body.GetProperty("success").GetBoolean().ShouldBeFalse();
        body.GetProperty("error").GetString().ShouldNotBeNull().ShouldNotContain("secret detail");
    }

    [Fact]
    public async Task A_store_that_cannot_be_written_is_a_json_503()
    {
        var (status, body) = await RunAsync("/api/accounts/balance", new SqliteException("disk I/O error", 10));

        status.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        body.GetProperty("error").GetString().ShouldNotBeNull().ShouldStartWith("service unavailable");
    }

    [Fact]
    public async Task Outside_api_the_exception_goes_on_to_the_host()
    {
        await Should.ThrowAsync<InvalidOperationException>(() => RunAsync("/health", new InvalidOperationException("boom")));
    }

    private static async Task<(int Status, JsonElement Body)> RunAsync(string path, Exception thrown)
    {
        using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();

        await JsonErrors.InvokeAsync(http, _ => throw thrown);

        http.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(http.Response.Body);
        return (http.Response.StatusCode, document.RootElement.Clone());
    }
}
