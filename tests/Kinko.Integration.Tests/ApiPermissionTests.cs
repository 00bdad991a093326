using System.Net;
using Kinko.Server.Api.Auth;
using Microsoft.AspNetCore.Routing;

namespace Kinko.Integration.Tests;

/// <summary>
/// Walks the server's routing table: every route under /api declares who may call it, and every
/// private route refuses a caller without a signature (401) and a key without its permission (403).
/// </summary>
public sealed class ApiPermissionTests : IAsyncLifetime
{
    private const long User = 41;
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("kinko-api-permissions");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_api_route_declares_a_permission()
    {
        var undeclared = ApiRoutes().Where(r => r.Permission is null).Select(r => $"{r.Method} {r.Pattern}").ToList();

        undeclared.ShouldBeEmpty();
        ApiRoutes().Count(r => r.Permission is { IsPublic: false }).ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task Every_private_route_refuses_an_unsigned_request_and_a_key_without_its_permission()
    {
        var keys = _server.Get<ApiKeys>();
        foreach (var route in ApiRoutes().Where(r => r.Permission is { IsApiKey: true }))
        {
            var path = route.Pattern.Replace("{id}", "1", StringComparison.Ordinal);
            var lacking = keys.Create(User, ApiKeys.KnownPermissions.Where(p => p != route.Permission!.Name).ToList());

            var (unsigned, _) = await _server.SendUnsignedAsync(new HttpMethod(route.Method), path);
            var (refused, body) = await _server.SendAsync(new HttpMethod(route.Method), path, lacking);

            unsigned.ShouldBe(HttpStatusCode.Unauthorized, $"{route.Method} {path} without a signature");
            refused.ShouldBe(HttpStatusCode.Forbidden, $"{route.Method} {path} without '{route.Permission!.Name}'");
            body.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain(route.Permission.Name);
        }
    }

    [Fact]
    public async Task Every_session_route_refuses_a_caller_who_is_not_signed_in()
    {
        foreach (var route in ApiRoutes().Where(r => r.Permission == ApiPermission.Session))
        {
            var (status, body) = await _server.SendUnsignedAsync(new HttpMethod(route.Method), route.Pattern);

            status.ShouldBe(HttpStatusCode.Unauthorized, $"{route.Method} {route.Pattern}");
            body.GetProperty("success").GetBoolean().ShouldBeFalse();
        }
    }

    private List<(string Method, string Pattern, ApiPermission? Permission)> ApiRoutes() =>
        _server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.Contains("{**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<ApiPermission>())))
            .ToList();
}
