using Kinko.Server.Admin;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Kinko.Server.Reference;

/// <summary>What one OpenAPI document covers, and how its routes' access is read from the routing table.</summary>
/// <param name="Prefix">Every route under it belongs in the document.</param>
/// <param name="AccessOf">The access a route declares (the route is null when a descriptor names a route that does not exist).</param>
public sealed record DocumentSpec(
    string Title,
    string Prefix,
    string PagePath,
    string Description,
    IReadOnlyList<OperationDoc> Operations,
    Func<OperationDoc, ApiRoute?, Access> AccessOf);

/// <summary>Kinko's two OpenAPI documents: the trader-facing API under /api and the admin API under /admin/api.</summary>
public static class ApiDocuments
{
    public static DocumentSpec Trader { get; } = new(
        "Kinko trader API",
        "/api",
        ReferenceEndpoints.TraderPagePath,
        """
        The Coincheck-compatible REST API (public market data, account, orders, funding) and Kinko's own account endpoints.

        **Private endpoints** are signed: headers ACCESS-KEY (the key), ACCESS-NONCE (a decimal integer larger than any this key used before)
        and ACCESS-SIGNATURE (lower-case hex HMAC-SHA256, keyed by the secret, of nonce + the absolute URL requested + the raw body).
        Each names the permission its key needs: read, trade or withdraw. Parameters of POST and DELETE go in a form or JSON body.
        **Account endpoints** take a JSON body and, once logged in, the session cookie.

        **Errors** are always JSON `{"success":false,"error":"…"}`: 400 bad input or a refused request, 401 authentication
        (`invalid authentication`, `Nonce must be incremented`), 403 a key without the permission or from a disallowed address,
        404 not found, 429 a rate limit (with Retry-After). Every signed request counts against the account's `requests` limit;
        new orders also against `orders`, order details against `order_details`.

        **Kinko extensions**: `time_in_force` immediate_or_cancel and fill_or_kill, `client_order_id` on new orders,
        `sequence` on order_books. **WebSocket** feeds on the same host: `/ws` (Coincheck's public channels) and
        `/ws/private` (the caller's orders, executions and balance) — see docs/websocket.md in the repository.
        """,
        [.. PublicApiDocs.Operations, .. PrivateApiDocs.Operations, .. KinkoAccountDocs.Operations],
        (_, route) => Access.Of(route?.Permission, route?.OwnLimit));

    public static DocumentSpec Admin { get; } = new(
        "Kinko admin API",
        AdminEndpoints.Prefix,
        ReferenceEndpoints.AdminPagePath,
        """
        Operating Kinko: customers, operators, their API keys, manual credits. Every endpoint but login takes
        `Authorization: Bearer <token>`, where the token is an operator's session (POST /admin/api/sessions) or the CLI's
        token, which the server writes to `admin.token` in its data folder at each start. One role, admin, may do everything.
        JSON bodies, snake_case fields. Errors are JSON `{"success":false,"error":"<field>: <reason>"}` (400 bad input, 401 no or a bad token).
        No rate limits.
        """,
        AdminApiDocs.Operations,
        (doc, _) => AdminEndpoints.Protected.Contains((doc.Method, doc.Path[AdminEndpoints.Prefix.Length..]))
            ? new Access(Access.AdminToken, null, [])
            : new Access(Access.None, null, []));

    public static IReadOnlyList<DocumentSpec> All { get; } = [Trader, Admin];

    /// <summary>The document of <paramref name="spec"/>, its access read from the routes of <paramref name="source"/>.</summary>
    public static OpenApiDocument Build(DocumentSpec spec, EndpointDataSource source)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var routes = ApiRouteTable.Under(source, spec.Prefix).ToDictionary(r => r.Key, StringComparer.Ordinal);
        return OpenApiBuilder.Build(spec, doc => spec.AccessOf(doc, routes.GetValueOrDefault(doc.Key)));
    }
}
