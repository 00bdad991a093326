using static Kinko.Server.Reference.Param;

namespace Kinko.Server.Reference;

/// <summary>The admin API under /admin/api (<see cref="Admin.AdminEndpoints"/>).</summary>
public static class AdminApiDocs
{
    public const string SessionTag = "Operator sessions";
    public const string UserTag = "Users and operators";
    public const string MoneyTag = "Money";

    private static readonly ParameterDoc Email = Body("email", "string", true, "the customer's email address");

    public static IReadOnlyList<OperationDoc> Operations { get; } =
    [
        new("POST", "/admin/api/sessions", SessionTag, "Operator login: a bearer token",
            "Password and the current two-factor code; the token lasts an hour.",
            [Body("email", "string", true, "the operator's email address"), Body("password", "string", true, "the password"),
                Body("totp", "string", true, "the current two-factor code")],
            """{"success":true,"token":"3q2+7w…","token_type":"Bearer","expires_at":"2026-01-10T06:55:38.000Z"}""", Errors: [400, 401, 403, 413], Body: BodyFormat.Json),
        new("DELETE", "/admin/api/sessions", SessionTag, "Operator logout: ends the session",
            "Only an operator session can be ended; the CLI's admin.token lasts as long as the server.", [], """{"success":true}"""),
        new("GET", "/admin/api/users", UserTag, "List customers, a page at a time",
            "Ordered by id; after is the last id already seen.",
            [Query("after", "integer", false, "list users whose id is above this one (default 0)"),
                Query("limit", "integer", false, $"at most this many (default and cap {Admin.AdminOperations.MaxUsersPage})")],
            """{"success":true,"users":[{"id":7,"email":"user@example.com","totp_enabled":false,"locked_until":null,"created_at":"2026-01-10T05:55:38.000Z"}]}"""),
        new("POST", "/admin/api/users", UserTag, "Create a customer", "Audited with the acting operator.",
            [Email, Body("password", "string", true, "the customer's first password")],
            """{"success":true,"id":7,"email":"user@example.com"}""", Status: 201, Errors: [400, 409, 413], Body: BodyFormat.Json),
        new("POST", "/admin/api/operators", UserTag, "Create an operator",
            "The operator's two-factor secret is shown once, with its otpauth URI.",
            [Body("email", "string", true, "the operator's email address"), Body("password", "string", true, "the operator's first password")],
            """{"success":true,"id":2,"email":"ops@example.com","totp_secret":"JBSWY3DPEHPK3PXP","otp_auth_uri":"otpauth://totp/Kinko:ops@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Kinko"}""",
            Status: 201, Errors: [400, 409, 413], Body: BodyFormat.Json),
        new("POST", "/admin/api/api_keys", UserTag, "Create an API key for a customer", "The secret is shown once.",
            [Email, Body("permissions", "array", true, "some of read, trade, withdraw", "read", "trade", "withdraw"),
                Body("ip_allow", "array", false, "addresses the key may be used from; any when empty")],
            """{"success":true,"key":"kk_3f2a…","secret":"9c1e…","permissions":["read","trade"],"ip_allow":[]}""", Status: 201, Errors: [400, 404, 413], Body: BodyFormat.Json),
        new("POST", "/admin/api/credits", MoneyTag, "Credit a customer by hand (an adjustment)",
            "reference is the idempotency key: the same reference and reason again answers 200 with replayed true; "
            + "the same reference with another reason is refused. Audited before the transfer is made.",
            [Email, Body("asset", "string", true, "asset code (JPY, BTC)"), Body("amount", "string", true, "amount in the asset's units (decimal)"),
                Body("reference", "string", true, "the caller's unique reference (idempotency key)"), Body("reason", "string", true, "why, for the audit")],
            """{"success":true,"reference":"wire-2026-001","user_id":7,"email":"user@example.com","asset":"JPY","amount":"100000","ledger_position":812,"replayed":false}""",
            Status: 201, Errors: [400, 404, 409, 413], Body: BodyFormat.Json),
        new("POST", "/admin/api/rate_tiers", UserTag, "Put a customer's account in a rate-limit tier",
            "Takes effect at once and is stored (it outlives restarts) over kinko.json's rateLimits.accounts. Audited.",
            [Email, Body("tier", "string", true, "a tier of kinko.json's rateLimits.tiers: default, market_maker, …")],
            """{"success":true,"user_id":7,"email":"bot@example.com","tier":"market_maker"}""", Errors: [400, 404, 413], Body: BodyFormat.Json),
        new("GET", "/admin/api/api_keys", UserTag, "List a customer's API keys", "Never their secrets.",
            [Query("email", "string", true, "the customer's email address")],
            """{"success":true,"keys":[{"key":"3f2a…","permissions":["read","trade"],"ip_allow":[],"enabled":true}]}""", Errors: [400, 404]),
        new("POST", "/admin/api/api_keys/disable", UserTag, "Disable an API key",
            "At once: the key's next request is refused with 'disabled API Key'. Audited.",
            [Body("key", "string", true, "the key's public id")],
            """{"success":true,"key":"3f2a…","permissions":["read","trade"],"ip_allow":[],"enabled":false}""", Errors: [400, 404, 413], Body: BodyFormat.Json),
        new("POST", "/admin/api/api_keys/enable", UserTag, "Enable an API key again", "Audited.",
            [Body("key", "string", true, "the key's public id")],
            """{"success":true,"key":"3f2a…","permissions":["read","trade"],"ip_allow":[],"enabled":true}""", Errors: [400, 404, 413], Body: BodyFormat.Json),
        new("GET", ReferenceEndpoints.AdminDocumentPath, "Reference", "This document (OpenAPI 3.1, JSON)",
            $"The same document rendered for people: {ReferenceEndpoints.AdminPagePath}.", [], """{"openapi":"3.1.1","info":{"title":"Kinko admin API"}}""", Errors: []),
    ];
}
