using Kinko.Server.Api;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kinko.Server.Accounts;

/// <summary>
/// Kinko's own account endpoints (not part of the Coincheck API): sign-up, login and logout with a
/// session cookie, password change, two-factor enrolment with recovery codes, and API keys made from a session.
/// </summary>
public static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api").AddEndpointFilter(RefusalFilter.InvokeAsync);
        group.MapPost("/users", SignUpAsync).AllowAnyone();
        group.MapPost("/sessions", LoginAsync).AllowAnyone();
        group.MapDelete("/sessions", Logout).RequiresSession();
        group.MapGet("/users/me", Me).RequiresSession();
        group.MapPost("/users/me/password", ChangePasswordAsync).RequiresSession();
        group.MapPost("/users/me/totp", TotpAsync).RequiresSession();
        group.MapPost("/users/me/recovery_codes", RenewRecoveryCodesAsync).RequiresSession();
        group.MapPost("/users/me/api_keys", CreateKeyAsync).RequiresSession();
    }

    private static async Task<IResult> SignUpAsync(HttpRequest request, Principals principals)
    {
        var body = await RequestJson.ReadAsync(request).ConfigureAwait(false);
        var created = await principals.CreateAsync(PrincipalKind.User, body.Text("email"), body.Text("password"), withTotp: false).ConfigureAwait(false);
        return Results.Json(new { success = true, id = created.Principal.Id, email = created.Principal.Email }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, Principals principals, Sessions sessions)
    {
        var body = await RequestJson.ReadAsync(context.Request).ConfigureAwait(false);
        var user = await principals.LoginAsync(PrincipalKind.User, body.Text("email"), body.Text("password"), body.Text("totp")).ConfigureAwait(false);
        var (token, expiresAt) = sessions.Start(user);
        context.Response.Cookies.Append(Sessions.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = expiresAt,
        });
        return Results.Json(new { success = true, id = user.Id, email = user.Email, expires_at = ApiJson.Time(expiresAt) });
    }

    private static IResult Logout(HttpContext context, Sessions sessions)
    {
        var token = context.Request.Cookies[Sessions.CookieName];
        if (token is null || sessions.Resolve(token, PrincipalKind.User) is null)
        {
            throw new AccountException("session", "not signed in", StatusCodes.Status401Unauthorized);
        }

        sessions.End(token);
        context.Response.Cookies.Delete(Sessions.CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        return Results.Json(new { success = true });
    }

    private static IResult Me(HttpRequest request, Sessions sessions, Principals principals)
    {
        var user = SignedIn(request, sessions, principals);
        return Results.Json(new
        {
            success = true,
            id = user.Id,
            email = user.Email,
            totp_enabled = user.TotpSealed is not null,
            recovery_codes_left = user.TotpSealed is null ? 0 : principals.RecoveryCodesLeft(user),
        });
    }

    /// <summary>Changes the password (current one, and a fresh code with two-factor enrolled); every other session ends.</summary>
    private static async Task<IResult> ChangePasswordAsync(HttpRequest request, Sessions sessions, Principals principals)
    {
        var user = SignedIn(request, sessions, principals);
        var body = await RequestJson.ReadAsync(request).ConfigureAwait(false);
        await principals.ChangePasswordAsync(user, body.Text("current_password"), body.Text("new_password"), body.Text("totp"), Sessions.Hash(request.Cookies[Sessions.CookieName]!)).ConfigureAwait(false);
        return Results.Json(new { success = true });
    }

    /// <summary>Without <c>code</c>: a new secret to enrol (shown once). With <c>code</c>: confirms it.</summary>
    private static async Task<IResult> TotpAsync(HttpRequest request, Sessions sessions, Principals principals)
    {
        var user = SignedIn(request, sessions, principals);
        var body = await RequestJson.ReadAsync(request).ConfigureAwait(false);
        var code = body.Text("code");
        if (code is null)
        {
            var (secret, uri) = principals.BeginTotp(user);
            return Results.Json(new { success = true, secret, otpauth_uri = uri, confirmed = false });
        }

        var recoveryCodes = principals.ConfirmTotp(user, code);
        return Results.Json(new { success = true, confirmed = true, recovery_codes = recoveryCodes });
    }

    /// <summary>New one-time recovery codes (shown once) in place of the old ones; needs a fresh two-factor code.</summary>
    private static async Task<IResult> RenewRecoveryCodesAsync(HttpRequest request, Sessions sessions, Principals principals)
    {
        var user = SignedIn(request, sessions, principals);
        var body = await RequestJson.ReadAsync(request).ConfigureAwait(false);
        return Results.Json(new { success = true, recovery_codes = principals.RenewRecoveryCodes(user, body.Text("totp")) });
    }

    /// <summary>A key for the signed-in user; <c>withdraw</c> needs two-factor enrolled and a fresh code. The secret is shown once.</summary>
    private static async Task<IResult> CreateKeyAsync(HttpRequest request, Sessions sessions, Principals principals, ApiKeys keys)
    {
        var user = SignedIn(request, sessions, principals);
        var body = await RequestJson.ReadAsync(request).ConfigureAwait(false);
        var permissions = KeyRequest.Permissions(body.List("permissions"));
        var allow = KeyRequest.AllowList(body.List("ip_allow"));
        if (permissions.Contains("withdraw"))
        {
            principals.RequireTotp(user, body.Text("totp"));
        }

        var (key, secret) = keys.Create(user.Id, permissions, allow);
        return Results.Json(new { success = true, key, secret, permissions, ip_allow = allow ?? [] }, statusCode: StatusCodes.Status201Created);
    }

    private static StoredPrincipal SignedIn(HttpRequest request, Sessions sessions, Principals principals)
    {
        var id = sessions.Resolve(request.Cookies[Sessions.CookieName], PrincipalKind.User)
            ?? throw new AccountException("session", "not signed in or expired: POST /api/sessions", StatusCodes.Status401Unauthorized);
        return principals.Find(PrincipalKind.User, id)
            ?? throw new AccountException("session", "the user no longer exists", StatusCodes.Status401Unauthorized);
    }
}
