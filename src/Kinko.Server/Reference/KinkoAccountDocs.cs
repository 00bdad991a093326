using static Kinko.Server.Reference.Param;

namespace Kinko.Server.Reference;

/// <summary>Kinko's own account endpoints under /api (<see cref="Accounts.UserEndpoints"/>), and the reference itself.</summary>
public static class KinkoAccountDocs
{
    public const string Tag = "Kinko accounts";
    public const string ReferenceTag = "Reference";

    public static IReadOnlyList<OperationDoc> Operations { get; } =
    [
        new("POST", "/api/users", Tag, "Sign up",
            "Kinko extension, not part of the Coincheck API. Errors name the field (\"email: …\").",
            [Body("email", "string", true, "the user's email address"), Body("password", "string", true, "the new password")],
            """{"success":true,"id":7,"email":"user@example.com"}""", Status: 201, Errors: [400, 409, 413], Body: BodyFormat.Json),
        new("POST", "/api/sessions", Tag, "Log in: starts a web session",
            $"Sets the HttpOnly, SameSite=Strict cookie {Accounts.Sessions.CookieName}. Repeated failures lock the user out for a while.",
            [Body("email", "string", true, "the user's email address"), Body("password", "string", true, "the password"),
                Body("totp", "string", false, "the current two-factor code (or a recovery code), once two-factor is enrolled")],
            """{"success":true,"id":7,"email":"user@example.com","expires_at":"2026-01-10T06:55:38.000Z"}""", Errors: [400, 401, 403, 413], Body: BodyFormat.Json),
        new("DELETE", "/api/sessions", Tag, "Log out: ends the session", "", [], """{"success":true}""", Errors: []),
        new("GET", "/api/users/me", Tag, "The signed-in user", "", [],
            """{"success":true,"id":7,"email":"user@example.com","totp_enabled":true,"recovery_codes_left":10}""", Errors: []),
        new("POST", "/api/users/me/password", Tag, "Change the signed-in user's password",
            "Needs the current password (a wrong one counts towards the lock-out) and, once two-factor is enrolled, a fresh code. Every other session of the user ends; this one stays.",
            [Body("current_password", "string", true, "the password now"), Body("new_password", "string", true, $"the new password, {Accounts.Principals.MinPasswordLength} to {Accounts.Principals.MaxPasswordLength} characters, not the current one"),
                Body("totp", "string", false, "the current two-factor code, once two-factor is enrolled")],
            """{"success":true}""", Errors: [400, 401, 403, 413], Body: BodyFormat.Json),
        new("POST", "/api/users/me/totp", Tag, "Enrol two-factor authentication (TOTP)",
            "Without code: a new secret and its otpauth URI, shown once. With code: confirms the enrolment and returns the recovery codes, shown once.",
            [Body("code", "string", false, "a code from the authenticator, to confirm")],
            """{"success":true,"secret":"JBSWY3DPEHPK3PXP","otpauth_uri":"otpauth://totp/Kinko:user@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Kinko","confirmed":false}""",
            Errors: [400, 409, 413], Body: BodyFormat.Json),
        new("POST", "/api/users/me/recovery_codes", Tag, "New two-factor recovery codes",
            $"{Accounts.RecoveryCodes.Count} one-time codes, shown once, in place of the old ones (which stop working); confirming two-factor also gives a set. "
                + "A code goes in the totp field at login, in place of the authenticator's code, and works once.",
            [Body("totp", "string", true, "the current two-factor code")],
            """{"success":true,"recovery_codes":["k7m2p-x9q4t","…"]}""", Errors: [400, 401, 403, 413], Body: BodyFormat.Json),
        new("POST", "/api/users/me/api_keys", Tag, "Create an API key for the signed-in user",
            "The secret is shown once. The withdraw permission needs two-factor enrolled and a fresh code.",
            [Body("permissions", "array", true, "some of read, trade, withdraw", "read", "trade", "withdraw"),
                Body("ip_allow", "array", false, $"addresses the key may be used from (at most {Accounts.KeyRequest.MaxAllowedAddresses}); any when empty"),
                Body("totp", "string", false, "the current two-factor code; required for withdraw")],
            """{"success":true,"key":"kk_3f2a…","secret":"9c1e…","permissions":["read","trade"],"ip_allow":[]}""", Status: 201, Errors: [400, 403, 413], Body: BodyFormat.Json),
        new("GET", ReferenceEndpoints.TraderDocumentPath, ReferenceTag, "This document (OpenAPI 3.1, JSON)",
            $"The same document rendered for people: {ReferenceEndpoints.TraderPagePath}.", [], """{"openapi":"3.1.1","info":{"title":"Kinko trader API"}}""", Errors: []),
    ];
}
