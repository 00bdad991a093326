using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kinko.Server.Api.Auth;
using Kinko.Server.Api.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Kinko.Integration.Tests;

/// <summary>
/// The OpenAPI documents and reference pages that <c>kinko serve</c> answers: every route of the
/// routing table is documented and nothing else is, each operation names the access its route
/// declares, the JSON reads as OpenAPI 3 without errors, and the pages list every path.
/// </summary>
public sealed partial class ApiReferenceTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("kinko-api-reference");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string, string> Documents => new()
    {
        { "/api", "/api/openapi.json", "/docs/api" },
        { "/admin/api", "/admin/api/openapi.json", "/docs/admin" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Every_route_is_documented_and_every_documented_operation_is_a_route(string prefix, string documentPath, string page)
    {
        _ = page;
        var documented = Operations(await DocumentAsync(documentPath)).Select(o => $"{o.Method} {o.Path}").ToList();
        var routes = Routes(prefix).Select(r => $"{r.Method} {r.Pattern}").ToList();

        routes.Except(documented).ShouldBeEmpty($"routes under {prefix} missing from {documentPath}");
        documented.Except(routes).ShouldBeEmpty($"operations in {documentPath} that no route answers");
        documented.Count.ShouldBe(documented.Distinct().Count());
        routes.Count.ShouldBeGreaterThan(5);
    }

    [Fact]
    public async Task Every_trader_operation_documents_the_permission_and_rate_limits_its_route_declares()
    {
        var operations = Operations(await DocumentAsync("/api/openapi.json")).ToDictionary(o => $"{o.Method} {o.Path}");
        foreach (var route in Routes("/api"))
        {
            var operation = operations[$"{route.Method} {route.Pattern}"].Operation;
            var permission = route.Metadata.GetMetadata<ApiPermission>().ShouldNotBeNull();
            var security = Security(operation);
            var limits = operation.TryGetProperty("x-kinko-rate-limits", out var l) ? l.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
            var name = $"{route.Method} {route.Pattern}";
            if (permission.IsPublic)
            {
                security.ShouldBeEmpty(name);
                limits.ShouldBeEmpty(name);
            }
            else if (permission == ApiPermission.Session)
            {
                security.ShouldBe(["SessionCookie:"], name);
            }
            else
            {
                security.ShouldBe([$"AccessKey:{permission.Name}", $"AccessNonce:{permission.Name}", $"AccessSignature:{permission.Name}"], name);
                operation.GetProperty("x-kinko-permission").GetString().ShouldBe(permission.Name, name);
                var own = route.Metadata.GetMetadata<RateLimited>()?.Category;
                limits.ShouldBe(own switch
                {
                    RateCategory.Orders => ["requests", "orders"],
                    RateCategory.OrderDetails => ["requests", "order_details"],
                    _ => ["requests"],
                }, name);
                ErrorStatuses(operation).ShouldBeSubsetOf(["400", "401", "403", "404", "429"], name);
                ErrorStatuses(operation).ShouldContain("401", name);
                ErrorStatuses(operation).ShouldContain("403", name);
                ErrorStatuses(operation).ShouldContain("429", name);
            }
        }
    }

    [Fact]
    public async Task Every_admin_operation_documented_as_needing_the_token_is_refused_without_it_and_no_other_is()
    {
        foreach (var (method, path, operation) in Operations(await DocumentAsync("/admin/api/openapi.json")))
        {
            var (status, body) = await _server.SendUnsignedAsync(new HttpMethod(method), path);

            if (Security(operation).SequenceEqual(["AdminToken:"]))
            {
                status.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
                body.GetProperty("error").GetString().ShouldNotBeNull().ShouldStartWith("authorization");
                ErrorStatuses(operation).ShouldContain("401");
            }
            else
            {
                Security(operation).ShouldBeEmpty($"{method} {path}");
                var error = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) ? e.GetString() : null;
                (error ?? "").ShouldNotStartWith("authorization", Case.Sensitive, $"{method} {path} is documented as open ({status})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_document_reads_as_OpenAPI_3_without_errors(string prefix, string documentPath, string page)
    {
        _ = page;
        var json = await _server.Http.GetStringAsync(new Uri(new Uri(_server.Url), documentPath));

        var (document, diagnostic) = OpenApiDocument.Parse(json, "json");

        diagnostic.ShouldNotBeNull().Errors.ShouldBeEmpty();
        diagnostic.SpecificationVersion.ShouldBe(OpenApiSpecVersion.OpenApi3_1);
        document.ShouldNotBeNull().Validate(ValidationRuleSet.GetDefaultRuleSet()).ShouldBeEmpty();
        document.Paths.Keys.ShouldAllBe(p => p.StartsWith(prefix + "/", StringComparison.Ordinal));
        document.Paths.Values.SelectMany(p => p.Operations!.Values).ShouldAllBe(o => !string.IsNullOrEmpty(o.Summary) && o.Responses!.Count >= 1);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_reference_page_is_self_contained_html_listing_every_path(string prefix, string documentPath, string page)
    {
        _ = prefix;
        using var response = await _server.Http.GetAsync(new Uri(new Uri(_server.Url), page));
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        foreach (var (method, path, _) in Operations(await DocumentAsync(documentPath)))
        {
            html.ShouldContain($"{method}</span> <code>{WebUtility.HtmlEncode(path)}</code>");
        }

        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("url(", Case.Insensitive);
        html.ShouldNotContain("@import", Case.Insensitive);
        Links().Matches(html).Select(m => m.Groups[2].Value).ShouldAllBe(link => link.StartsWith('#') || link.StartsWith('/'));
    }

    [Fact]
    public async Task Public_examples_have_the_fields_the_server_answers_with()
    {
        var operations = Operations(await DocumentAsync("/api/openapi.json")).ToDictionary(o => $"{o.Method} {o.Path}", o => o.Operation);
        foreach (var path in new[] { "/api/ticker", "/api/order_books?pair=btc_jpy", "/api/exchange_status", "/api/trades?pair=btc_jpy" })
        {
            var (status, body) = await _server.GetAsync(path);
            var example = operations[$"GET {path.Split('?')[0]}"].GetProperty("responses").GetProperty("200")
                .GetProperty("content").GetProperty("application/json").GetProperty("example");

            status.ShouldBe(HttpStatusCode.OK, path);
            example.EnumerateObject().Select(p => p.Name).Order().ShouldBe(body.EnumerateObject().Select(p => p.Name).Order(), path);
        }
    }

    private async Task<JsonElement> DocumentAsync(string path)
    {
        var (status, body) = await _server.GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK, path);
        return body;
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name.ToUpperInvariant(), p.Name, o.Value)));

    /// <summary>The operation's security as <c>scheme:roles</c>, one per scheme of its (single) requirement.</summary>
    private static List<string> Security(JsonElement operation) =>
        !operation.TryGetProperty("security", out var security) ? [] :
        [.. security.EnumerateArray().SelectMany(r => r.EnumerateObject()
            .Select(s => $"{s.Name}:{string.Join(',', s.Value.EnumerateArray().Select(v => v.GetString()))}"))];

    private static List<string> ErrorStatuses(JsonElement operation) =>
        [.. operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Where(s => s[0] == '4')];

    private List<(string Method, string Pattern, EndpointMetadataCollection Metadata)> Routes(string prefix) =>
        _server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith(prefix + "/", StringComparison.Ordinal) && !raw.Contains("{**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Select(m => (m, e.RoutePattern.RawText!, e.Metadata)))
            .ToList();

    [GeneratedRegex("(href|src)=\"([^\"]*)\"")]
    private static partial Regex Links();
}
