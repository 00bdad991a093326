using System.Collections.Concurrent;
using Kinko.Server.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Kinko.Server.Reference;

/// <summary>
/// Serves the two OpenAPI documents as JSON and as self-contained HTML pages (no scripts, fonts or
/// styles from elsewhere). Both are made once, from the routing table, at their first request.
/// </summary>
public static class ReferenceEndpoints
{
    public const string TraderDocumentPath = "/api/openapi.json";
    public const string AdminDocumentPath = "/admin/api/openapi.json";
    public const string TraderPagePath = "/docs/api";
    public const string AdminPagePath = "/docs/admin";

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var rendered = new ConcurrentDictionary<DocumentSpec, Lazy<Rendered>>();
        Rendered Render(DocumentSpec spec, EndpointDataSource source) =>
            rendered.GetOrAdd(spec, s => new Lazy<Rendered>(() => Rendered.Of(s, source))).Value;

        app.MapGet(TraderDocumentPath, (EndpointDataSource source) => Json(Render(ApiDocuments.Trader, source))).AllowAnyone();
        app.MapGet(AdminDocumentPath, (EndpointDataSource source) => Json(Render(ApiDocuments.Admin, source)));
        app.MapGet(TraderPagePath, (EndpointDataSource source) => Html(Render(ApiDocuments.Trader, source)));
        app.MapGet(AdminPagePath, (EndpointDataSource source) => Html(Render(ApiDocuments.Admin, source)));
    }

    private static IResult Json(Rendered rendered) => Results.Text(rendered.Json, "application/json; charset=utf-8");

    private static IResult Html(Rendered rendered) => Results.Text(rendered.Html, "text/html; charset=utf-8");

    private sealed record Rendered(string Json, string Html)
    {
        public static Rendered Of(DocumentSpec spec, EndpointDataSource source)
        {
            var document = ApiDocuments.Build(spec, source);
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            document.SerializeAsV31(new OpenApiJsonWriter(text));
            return new Rendered(text.ToString(), ReferencePage.Render(document, spec));
        }
    }
}
