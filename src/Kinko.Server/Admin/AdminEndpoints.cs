using System.Globalization;
using Kinko.Server.Accounts;
using Kinko.Server.Api;
using Kinko.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kinko.Server.Admin;

/// <summary>
/// The admin API, apart from the public one: <c>/admin/api/…</c>, authenticated by
/// <c>Authorization: Bearer &lt;token&gt;</c> where the token is an operator's session (from
/// <c>POST /admin/api/sessions</c>, password and TOTP) or the CLI's token from <c>admin.token</c>.
/// One role, <c>admin</c>, may do everything here.
/// </summary>
public static class AdminEndpoints
{
    public const string Prefix = "/admin/api";

    private const string ActorItem = "kinko.admin.actor";

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGroup(Prefix).AddEndpointFilter(RefusalFilter.InvokeAsync).MapPost("/sessions", LoginAsync);
        var group = app.MapGroup(Prefix).AddEndpointFilter(RequireAdminAsync).AddEndpointFilter(RefusalFilter.InvokeAsync);
        group.MapDelete("/sessions", Logout);
        group.MapGet("/users", ListUsers);
        group.MapPost("/users", CreateUserAsync);
        group.MapPost("/operators", CreateOperatorAsync);
        group.MapPost("/api_keys", CreateKeyAsync);
        group.MapPost("/credits", CreditAsync);
        group.MapPost("/rate_tiers", SetTierAsync);
        group.MapGet("/api_keys", ListKeys);
        group.MapPost("/api_keys/disable", (HttpContext context, KeyOperations keys) => SetKeyEnabledAsync(context, keys, enabled: false));
        group.MapPost("/api_keys/enable", (HttpContext context, KeyOperations keys) => SetKeyEnabledAsync(context, keys, enabled: true));
        app.MapFallback(Prefix + "/{**path}", (HttpRequest request) => ApiJson.Error($"path: no endpoint {request.Method} {request.Path}", StatusCodes.Status404NotFound));
    }

    /// <summary>The names of the endpoints that require the admin token (all but login), for the test that proves it.</summary>
    public static IReadOnlyList<(string Method, string Path)> Protected { get; } =
    [
        ("DELETE", "/sessions"), ("GET", "/users"), ("POST", "/users"), ("POST", "/operators"), ("POST", "/api_keys"), ("POST", "/credits"), ("POST", "/rate_tiers"),
        ("GET", "/api_keys"), ("POST", "/api_keys/disable"), ("POST", "/api_keys/enable"),
    ];

    private static async Task<IResult> LoginAsync(HttpRequest request, Principals principals, Sessions sessions)
    {
        var body = await RequestJson.ReadAsync(request).ConfigureAwait(false);
        var operatorAccount = await principals.LoginAsync(PrincipalKind.Operator, body.Text("email"), body.Text("password"), body.Text("totp")).ConfigureAwait(false);
        var (token, expiresAt) = sessions.Start(operatorAccount);
        return Results.Json(new { success = true, token, token_type = "Bearer", expires_at = ApiJson.Time(expiresAt) });
    }

    private static IResult Logout(HttpRequest request, Sessions sessions)
    {
        var token = Bearer(request);
        if (token is null || sessions.Resolve(token, PrincipalKind.Operator) is null)
        {
            throw new AccountException("authorization", "only an operator session can be ended; the CLI token lasts as long as the server");
        }

        sessions.End(token);
        return Results.Json(new { success = true });
    }

    private static IResult ListUsers(HttpRequest request, AdminOperations admin)
    {
        var after = Number(request, "after", 0);
        var limit = Number(request, "limit", AdminOperations.MaxUsersPage);
        return Results.Json(new { success = true, users = admin.ListUsers(after, (int)Math.Min(limit, AdminOperations.MaxUsersPage)) }, AdminJson.Options);
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context, AdminOperations admin)
    {
        var body = await RequestJson.ReadAsync(context.Request).ConfigureAwait(false);
        var user = await admin.CreateUserAsync(Actor(context), body.Text("email"), body.Text("password")).ConfigureAwait(false);
        return AdminJson.Created(user);
    }

    private static async Task<IResult> CreateOperatorAsync(HttpContext context, AdminOperations admin)
    {
        var body = await RequestJson.ReadAsync(context.Request).ConfigureAwait(false);
        var created = await admin.CreateOperatorAsync(Actor(context), body.Text("email"), body.Text("password")).ConfigureAwait(false);
        return AdminJson.Created(created);
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext context, AdminOperations admin)
    {
        var body = await RequestJson.ReadAsync(context.Request).ConfigureAwait(false);
        return AdminJson.Created(admin.CreateApiKey(Actor(context), body.Text("email"), body.List("permissions"), body.List("ip_allow")));
    }

    private static async Task<IResult> CreditAsync(HttpContext context, AdminOperations admin)
    {
        var body = await RequestJson.ReadAsync(context.Request).ConfigureAwait(false);
        var result = admin.Credit(Actor(context), body.Text("email"), body.Text("asset"), body.Text("amount"), body.Text("reference"), body.Text("reason"));
        return AdminJson.Ok(result, result.Replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    /// <summary>Refuses every request without a valid admin token, before anything else is looked at.</summary>
    private static async ValueTask<object?> RequireAdminAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = Bearer(http.Request);
        var services = http.RequestServices;
        string? actor = null;
        if (token is not null && ((AdminTokenFile)services.GetService(typeof(AdminTokenFile))!).Matches(token))
        {
            actor = "admin-token";
        }
        else if (((Sessions)services.GetService(typeof(Sessions))!).Resolve(token, PrincipalKind.Operator) is { } operatorId)
        {
            var principal = ((Principals)services.GetService(typeof(Principals))!).Find(PrincipalKind.Operator, operatorId);
            actor = principal is null ? null : $"operator:{principal.Id}:{principal.Email}";
        }

        if (actor is null)
        {
            return ApiJson.Error("authorization: an admin token (Authorization: Bearer …) is required", StatusCodes.Status401Unauthorized);
        }

        http.Items[ActorItem] = actor;
        return await next(context).ConfigureAwait(false);
    }

    private static async Task<IResult> SetTierAsync(HttpContext context, TierOperations tiers)
    {
        var body = await RequestJson.ReadAsync(context.Request).ConfigureAwait(false);
        return AdminJson.Ok(tiers.Set(Actor(context), body.Text("email"), body.Text("tier")));
    }

    private static IResult ListKeys(HttpRequest request, KeyOperations keys) =>
        AdminJson.Ok(new KeyList(keys.List(request.Query["email"].FirstOrDefault())));

    private static async Task<IResult> SetKeyEnabledAsync(HttpContext context, KeyOperations keys, bool enabled)
    {
        var body = await RequestJson.ReadAsync(context.Request).ConfigureAwait(false);
        return AdminJson.Ok(keys.SetEnabled(Actor(context), body.Text("key"), enabled));
    }

    private static string Actor(HttpContext context) => (string)context.Items[ActorItem]!;

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        return header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
    }

    private static long Number(HttpRequest request, string name, long fallback)
    {
        var text = request.Query[name].FirstOrDefault();
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new AccountException(name, $"must be a whole number, got '{text}'");
    }
}
