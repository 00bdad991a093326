using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using static System.Net.WebUtility;

namespace Kinko.Server.Reference;

/// <summary>
/// An OpenAPI document as one readable HTML page: a contents list by tag, then each operation with
/// its method, path, access, rate limits, parameters, body fields, and example answers and errors.
/// Self-contained: the style is inline and nothing is loaded from anywhere.
/// </summary>
public static partial class ReferencePage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(OpenApiDocument document, DocumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(spec);
        var operations = Operations(document);
        var html = new StringBuilder();
        var title = HtmlEncode(document.Info.Title);
        html.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{title} reference</title><style>{ReferenceStyle.Css}</style></head>\n<body><header><h1>{title}</h1>")
            .Append($"<p>OpenAPI 3.1 document: <a href=\"{DocumentPath(spec)}\">{DocumentPath(spec)}</a> · ")
            .Append($"<a href=\"{ReferenceEndpoints.TraderPagePath}\">trader API</a> · <a href=\"{ReferenceEndpoints.AdminPagePath}\">admin API</a></p></header>\n");
        html.Append("<nav><h2>Contents</h2>");
        foreach (var group in operations.GroupBy(o => o.Tag))
        {
            html.Append($"<h3><a href=\"#{Anchor(group.Key)}\">{HtmlEncode(group.Key)}</a></h3><ul>");
            foreach (var (_, path, method, operation) in group)
            {
                html.Append($"<li><a href=\"#{operation.OperationId}\"><span class=\"m {method.ToLowerInvariant()}\">{method}</span> <code>{HtmlEncode(path)}</code></a> {HtmlEncode(operation.Summary)}</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</nav>\n<main><section class=\"intro\">").Append(Markup(document.Info.Description ?? "")).Append("</section>\n");
        foreach (var group in operations.GroupBy(o => o.Tag))
        {
            html.Append($"<section><h2 id=\"{Anchor(group.Key)}\">{HtmlEncode(group.Key)}</h2>\n");
            foreach (var (_, path, method, operation) in group)
            {
                Operation(html, path, method, operation);
            }

            html.Append("</section>\n");
        }

        return html.Append("</main></body></html>\n").ToString();
    }

    private static List<(string Tag, string Path, string Method, OpenApiOperation Operation)> Operations(OpenApiDocument document)
    {
        var tags = document.Tags?.Select(t => t.Name).ToList() ?? [];
        return [.. document.Paths
            .SelectMany(p => p.Value.Operations!.Select(o => (Tag: o.Value.Tags?.FirstOrDefault()?.Name ?? "Other", Path: p.Key, Method: o.Key.Method, Operation: o.Value)))
            .OrderBy(o => tags.IndexOf(o.Tag))];
    }

    private static void Operation(StringBuilder html, string path, string method, OpenApiOperation operation)
    {
        html.Append($"<article id=\"{operation.OperationId}\"><h3><span class=\"m {method.ToLowerInvariant()}\">{method}</span> <code>{HtmlEncode(path)}</code></h3>")
            .Append($"<p class=\"summary\">{HtmlEncode(operation.Summary)}</p>");
        if (operation.Description is { Length: > 0 } description)
        {
            html.Append(Markup(description));
        }

        html.Append($"<dl><dt>Access</dt><dd>{AccessText(operation)}</dd>");
        var limits = Extension(operation, OpenApiBuilder.RateLimitExtension) as JsonArray;
        html.Append($"<dt>Rate limits</dt><dd>{(limits is null ? "none" : string.Join(", ", limits.Select(l => $"<code>{HtmlEncode(l!.GetValue<string>())}</code>")))}</dd></dl>");
        var parameters = operation.Parameters ?? [];
        if (parameters.Count > 0)
        {
            html.Append("<h4>Parameters</h4>");
            Table(html, parameters.Select(p => (p.Name!, p.In?.ToString().ToLowerInvariant() ?? "", p.Schema, p.Required, p.Description)));
        }

        if (operation.RequestBody?.Content is { Count: > 0 } content)
        {
            var schema = content.Values.First().Schema!;
            html.Append($"<h4>Body</h4><p class=\"types\">{string.Join(" or ", content.Keys.Select(k => $"<code>{HtmlEncode(k)}</code>"))}</p>");
            Table(html, (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Select(p =>
                (p.Key, "body", (IOpenApiSchema?)p.Value, schema.Required?.Contains(p.Key) == true, p.Value.Description)));
        }

        html.Append("<h4>Responses</h4>");
        foreach (var (status, response) in operation.Responses ?? [])
        {
            var example = response.Content?.Values.FirstOrDefault()?.Example;
            html.Append($"<div class=\"response {(status.StartsWith('2') ? "ok" : "error")}\"><p><strong>{HtmlEncode(status)}</strong> {HtmlEncode(response.Description)}</p>");
            if (example is not null)
            {
                html.Append($"<pre>{HtmlEncode(example.ToJsonString(Indented))}</pre>");
            }

            html.Append("</div>");
        }

        html.Append("</article>\n");
    }

    private static void Table(StringBuilder html, IEnumerable<(string Name, string In, IOpenApiSchema? Schema, bool Required, string? Description)> rows)
    {
        html.Append("<table><thead><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var values = row.Schema?.Enum ?? row.Schema?.Items?.Enum;
            var oneOf = values is { Count: > 0 } ? $"<br><span class=\"values\">one of: {string.Join(", ", values.Select(v => $"<code>{HtmlEncode(v.ToString())}</code>"))}</span>" : "";
            html.Append($"<tr><td><code>{HtmlEncode(row.Name)}</code></td><td>{row.In}</td><td>{TypeName(row.Schema)}</td>")
                .Append($"<td>{(row.Required ? "<strong>yes</strong>" : "no")}</td><td>{HtmlEncode(row.Description)}{oneOf}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static string TypeName(IOpenApiSchema? schema) => schema?.Type switch
    {
        JsonSchemaType.Array => "array of string",
        { } type => type.ToString().ToLowerInvariant(),
        null => "",
    };

    private static string AccessText(OpenApiOperation operation)
    {
        var kind = (Extension(operation, OpenApiBuilder.AccessExtension) as JsonValue)?.GetValue<string>();
        var permission = (Extension(operation, OpenApiBuilder.PermissionExtension) as JsonValue)?.GetValue<string>();
        return kind switch
        {
            Access.ApiKey => $"signed API key (<code>ACCESS-KEY</code>, <code>ACCESS-NONCE</code>, <code>ACCESS-SIGNATURE</code>) with permission <strong>{HtmlEncode(permission)}</strong>",
            Access.Session => $"a signed-in web session (cookie <code>{Accounts.Sessions.CookieName}</code>)",
            Access.AdminToken => "admin token: <code>Authorization: Bearer &lt;token&gt;</code>",
            _ => "none (public)",
        };
    }

    private static JsonNode? Extension(OpenApiOperation operation, string name) =>
        operation.Extensions?.TryGetValue(name, out var value) == true && value is JsonNodeExtension node ? node.Node : null;

    private static string DocumentPath(DocumentSpec spec) =>
        spec == ApiDocuments.Admin ? ReferenceEndpoints.AdminDocumentPath : ReferenceEndpoints.TraderDocumentPath;

    private static string Anchor(string tag) => "tag-" + NonWord().Replace(tag.ToLowerInvariant(), "-");

    /// <summary>The little Markdown the descriptions use: paragraphs, <c>**bold**</c> and <c>`code`</c>.</summary>
    private static string Markup(string text) => string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => "<p>" + CodeSpan().Replace(Bold().Replace(HtmlEncode(p), "<strong>$1</strong>"), "<code>$1</code>") + "</p>"));

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex("`(.+?)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
