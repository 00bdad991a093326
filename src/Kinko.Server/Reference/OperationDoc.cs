namespace Kinko.Server.Reference;

/// <summary>Where a parameter travels: the query string, the path, or a field of the request body.</summary>
public enum ParameterPlace
{
    Query,
    Path,
    Body,
}

/// <summary>How a route's body may be written: none, a JSON object, or (Coincheck's private routes) a form or a JSON object.</summary>
public enum BodyFormat
{
    None,
    Json,
    FormOrJson,
}

/// <summary>
/// One parameter as the handler reads it. <paramref name="Type"/> is a JSON Schema type
/// (<c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>array</c> of strings, <c>array of objects</c>, <c>array of integers</c>);
/// decimals are <c>string</c>, as on the wire.
/// </summary>
public sealed record ParameterDoc(string Name, ParameterPlace In, string Type, bool Required, string Description, IReadOnlyList<string>? Values = null);

/// <summary>
/// What the routing table cannot say about one route: its words, its parameters (handlers parse
/// their queries and bodies themselves) and an example answer. Who may call it and its rate limit
/// come from the route's own metadata, so they cannot drift; a test holds every route to having
/// exactly one of these.
/// </summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The route pattern exactly as mapped (<c>/api/exchange/orders/{id}</c>).</param>
/// <param name="Example">The success answer's body as JSON text.</param>
/// <param name="Status">The success status.</param>
/// <param name="Errors">The error statuses the handler itself answers (authentication adds its own).</param>
public sealed record OperationDoc(
    string Method,
    string Path,
    string Tag,
    string Summary,
    string Description,
    IReadOnlyList<ParameterDoc> Parameters,
    string Example,
    int Status = 200,
    IReadOnlyList<int>? Errors = null,
    BodyFormat Body = BodyFormat.None)
{
    public string Key => $"{Method} {Path}";

    public IReadOnlyList<int> HandlerErrors => Errors ?? [400];
}

/// <summary>Short ways to write parameters in the descriptor files.</summary>
public static class Param
{
    public static ParameterDoc Query(string name, string type, bool required, string description, params string[] values) =>
        new(name, ParameterPlace.Query, type, required, description, values.Length == 0 ? null : values);

    public static ParameterDoc Path(string name, string description) =>
        new(name, ParameterPlace.Path, "string", true, description);

    public static ParameterDoc Body(string name, string type, bool required, string description, params string[] values) =>
        new(name, ParameterPlace.Body, type, required, description, values.Length == 0 ? null : values);

    /// <summary>Coincheck's pagination parameters (spec §4).</summary>
    public static IReadOnlyList<ParameterDoc> Pagination { get; } =
    [
        Query("limit", "integer", false, $"items per page, 1 to {Api.Pagination.MaxLimit} (default {Api.Pagination.DefaultLimit})"),
        Query("order", "string", false, "newest first (desc, the default) or oldest first", "desc", "asc"),
        Query("starting_after", "integer", false, "an id: items after it in listing order"),
        Query("ending_before", "integer", false, "an id: items before it in listing order"),
    ];
}
