namespace Kinko.Server.Reference;

/// <summary>The error statuses an operation can answer, with a typical message for each (the texts the server writes).</summary>
public static class ErrorExamples
{
    public static IReadOnlyList<(int Status, string Message)> For(OperationDoc doc, Access access)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(access);
        IEnumerable<int> fromAccess = access.Kind switch
        {
            Access.ApiKey => [401, 403, 429],
            Access.Session or Access.AdminToken => [401],
            _ => [],
        };
        return doc.HandlerErrors.Concat(fromAccess).Distinct().Order().Select(s => (s, Message(s, doc, access))).ToList();
    }

    public static string Meaning(int status) => status switch
    {
        400 => "Bad input or a refused request",
        401 => "Not authenticated",
        403 => "The key lacks the permission, or is used from a disallowed address",
        404 => "Not found",
        409 => "Conflicts with what exists (already registered, already enrolled, a reference used for another credit)",
        413 => "The body is too large",
        429 => "Rate limit reached (Retry-After says when to try again)",
        _ => "Error",
    };

    private static string Message(int status, OperationDoc doc, Access access) => status switch
    {
        400 => BadInput(doc),
        401 => access.Kind switch
        {
            Access.ApiKey => "invalid authentication",
            Access.AdminToken => "authorization: an admin token (Authorization: Bearer …) is required",
            Access.Session => "session: not signed in or expired: POST /api/sessions",
            _ => "email: wrong email or password",
        },
        403 when access.Kind != Access.ApiKey => doc.Path.EndsWith("api_keys", StringComparison.Ordinal)
            ? "totp: two-factor authentication is not enrolled: POST /api/users/me/totp first" : "email: locked after 5 failed logins until 2026-01-10T06:10:00.000Z",
        403 => $"this API key lacks the '{access.Permission}' permission",
        404 when doc.Path.StartsWith("/admin", StringComparison.Ordinal) => "email: no user with the address 'user@example.com'",
        404 => $"id: no {(doc.Path.Contains("bank_accounts", StringComparison.Ordinal) ? "bank account" : "order")} 12345 of yours",
        409 => doc.Path.EndsWith("totp", StringComparison.Ordinal) ? "totp: already enrolled" : doc.Path.EndsWith("credits", StringComparison.Ordinal)
            ? "reference: 'wire-2026-001' was already used for a different credit" : "email: 'user@example.com' is already registered",
        413 => "body: larger than the limit",
        429 => "too many requests: " + (access.RateLimits.Contains("orders") ? "at most 4 new orders a second"
            : access.RateLimits.Contains("order_details") ? "at most 1 order details a second" : "at most 10 private requests a second"),
        _ => "error",
    };

    private static string BadInput(OperationDoc doc)
    {
        var names = doc.Parameters.Select(p => p.Name).ToList();
        return doc.Parameters.FirstOrDefault(p => p.Required && p.In != ParameterPlace.Path) is { } required ? $"{required.Name} is required"
            : names.Contains("pair") ? "pair: no market 'abc_jpy'"
            : names.Contains("limit") ? $"limit must be a whole number from 1 to {Api.Pagination.MaxLimit}"
            : doc.Method == "DELETE" && names.Contains("id") ? "id: no open order 12345"
            : names.Count > 0 ? $"{names[0]}: not a valid value"
            : "body: not a JSON object";
    }
}
