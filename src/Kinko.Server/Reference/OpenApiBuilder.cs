using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Kinko.Server.Reference;

/// <summary>Turns a <see cref="DocumentSpec"/>'s descriptors and the routes' access into an OpenAPI 3.1 document.</summary>
public static class OpenApiBuilder
{
    public const string AccessExtension = "x-kinko-access";
    public const string PermissionExtension = "x-kinko-permission";
    public const string RateLimitExtension = "x-kinko-rate-limits";

    /// <summary>The security schemes: the three signature headers together, the session cookie, the admin bearer token.</summary>
    public static readonly IReadOnlyList<string> SignatureSchemes = ["AccessKey", "AccessNonce", "AccessSignature"];
    public const string SessionScheme = "SessionCookie";
    public const string AdminScheme = "AdminToken";

    private const string ErrorSchema = "Error";

    public static OpenApiDocument Build(DocumentSpec spec, Func<OperationDoc, Access> accessOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(accessOf);
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo { Title = spec.Title, Version = "1", Description = spec.Description },
            Paths = [],
            Components = new OpenApiComponents
            {
                SecuritySchemes = SecuritySchemes(),
                Schemas = new Dictionary<string, IOpenApiSchema> { [ErrorSchema] = ErrorShape() },
            },
            Tags = new HashSet<OpenApiTag>(),
        };
        foreach (var tag in spec.Operations.Select(o => o.Tag).Distinct(StringComparer.Ordinal))
        {
            document.Tags.Add(new OpenApiTag { Name = tag });
        }

        foreach (var doc in spec.Operations)
        {
            if (!document.Paths.TryGetValue(doc.Path, out var item))
            {
                item = new OpenApiPathItem { Operations = [] };
                document.Paths.Add(doc.Path, item);
            }

            ((OpenApiPathItem)item).Operations!.Add(new HttpMethod(doc.Method), Operation(document, doc, accessOf(doc)));
        }

        return document;
    }

    private static OpenApiOperation Operation(OpenApiDocument document, OperationDoc doc, Access access)
    {
        var operation = new OpenApiOperation
        {
            Summary = doc.Summary,
            Description = doc.Description.Length == 0 ? null : doc.Description,
            OperationId = OperationId(doc),
            Tags = new HashSet<OpenApiTagReference> { new(doc.Tag, document) },
            Parameters = doc.Parameters.Where(p => p.In != ParameterPlace.Body).Select(p => (IOpenApiParameter)new OpenApiParameter
            {
                Name = p.Name,
                In = p.In == ParameterPlace.Path ? ParameterLocation.Path : ParameterLocation.Query,
                Required = p.Required,
                Description = p.Description,
                Schema = Schema(p),
            }).ToList(),
            RequestBody = RequestBody(doc),
            Responses = Responses(document, doc, access),
            Security = Security(document, access),
            Extensions = new Dictionary<string, IOpenApiExtension> { [AccessExtension] = new JsonNodeExtension(JsonValue.Create(access.Kind)) },
        };
        if (access.Permission is not null)
        {
            operation.Extensions[PermissionExtension] = new JsonNodeExtension(JsonValue.Create(access.Permission));
        }

        if (access.RateLimits.Count > 0)
        {
            operation.Extensions[RateLimitExtension] = new JsonNodeExtension(new JsonArray([.. access.RateLimits.Select(l => JsonValue.Create(l))]));
        }

        return operation;
    }

    private static string OperationId(OperationDoc doc) =>
        doc.Method.ToLowerInvariant() + string.Concat(doc.Path.Split('/', '_', '{', '}', '.')
            .Where(s => s.Length > 0)
            .Select(s => char.ToUpperInvariant(s[0]) + s[1..]));

    private static OpenApiSchema Schema(ParameterDoc p)
    {
        var type = p.Type switch
        {
            "integer" => JsonSchemaType.Integer,
            "number" => JsonSchemaType.Number,
            "boolean" => JsonSchemaType.Boolean,
            "array" or "array of objects" or "array of integers" => JsonSchemaType.Array,
            "string" => JsonSchemaType.String,
            _ => throw new InvalidOperationException($"{p.Name}: unknown parameter type '{p.Type}'"),
        };
        var values = p.Values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        return type == JsonSchemaType.Array
            ? new OpenApiSchema
            {
                Type = type, Description = p.Description,
                Items = p.Type switch
                {
                    "array of objects" => new OpenApiSchema { Type = JsonSchemaType.Object },
                    "array of integers" => new OpenApiSchema { Type = JsonSchemaType.Integer },
                    _ => new OpenApiSchema { Type = JsonSchemaType.String, Enum = values },
                },
            }
            : new OpenApiSchema { Type = type, Description = p.Description, Enum = values };
    }

    private static OpenApiRequestBody? RequestBody(OperationDoc doc)
    {
        var fields = doc.Parameters.Where(p => p.In == ParameterPlace.Body).ToList();
        if (doc.Body == BodyFormat.None && fields.Count == 0)
        {
            return null;
        }

        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = fields.ToDictionary(p => p.Name, p => (IOpenApiSchema)Schema(p)),
            Required = fields.Where(p => p.Required).Select(p => p.Name).ToHashSet(StringComparer.Ordinal),
        };
        var content = new Dictionary<string, OpenApiMediaType>();
        if (doc.Body == BodyFormat.FormOrJson)
        {
            content["application/x-www-form-urlencoded"] = new OpenApiMediaType { Schema = schema };
        }

        content["application/json"] = new OpenApiMediaType { Schema = schema };
        return new OpenApiRequestBody { Required = fields.Any(p => p.Required), Content = content };
    }

    private static OpenApiResponses Responses(OpenApiDocument document, OperationDoc doc, Access access)
    {
        var responses = new OpenApiResponses
        {
            [doc.Status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = doc.Status == 201 ? "Created" : "OK",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Example = JsonNode.Parse(doc.Example) } },
            },
        };
        foreach (var (status, message) in ErrorExamples.For(doc, access))
        {
            responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ErrorExamples.Meaning(status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchemaReference(ErrorSchema, document),
                        Example = new JsonObject { ["success"] = false, ["error"] = message },
                    },
                },
            };
        }

        return responses;
    }

    private static List<OpenApiSecurityRequirement> Security(OpenApiDocument document, Access access) => access.Kind switch
    {
        Access.ApiKey => [Requirement(document, SignatureSchemes, [access.Permission!])],
        Access.Session => [Requirement(document, [SessionScheme], [])],
        Access.AdminToken => [Requirement(document, [AdminScheme], [])],
        _ => [],
    };

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, IEnumerable<string> schemes, List<string> roles)
    {
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes)
        {
            requirement.Add(new OpenApiSecuritySchemeReference(scheme, document), [.. roles]);
        }

        return requirement;
    }

    private static Dictionary<string, IOpenApiSecurityScheme> SecuritySchemes() => new()
    {
        ["AccessKey"] = Header("ACCESS-KEY", "The API key's id."),
        ["AccessNonce"] = Header("ACCESS-NONCE", "A positive decimal integer (at most 19 digits) larger than any this key used before; milliseconds since 1970 work."),
        ["AccessSignature"] = Header("ACCESS-SIGNATURE", "Lower-case hex HMAC-SHA256 keyed by the API secret, over nonce + the absolute URL requested (with the query) + the raw body."),
        [SessionScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = Accounts.Sessions.CookieName,
            Description = "The web session set by POST /api/sessions.",
        },
        [AdminScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An operator session's token (POST /admin/api/sessions) or the CLI's token from admin.token in the data folder.",
        },
    };

    private static OpenApiSecurityScheme Header(string name, string description) =>
        new() { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = name, Description = description };

    private static OpenApiSchema ErrorShape() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Every error of every endpoint.",
        Required = new HashSet<string>(["success", "error"], StringComparer.Ordinal),
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Enum = [JsonValue.Create(false)] },
            ["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "what was wrong, naming the parameter or field" },
        },
    };
}
