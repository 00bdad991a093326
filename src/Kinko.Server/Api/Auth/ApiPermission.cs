using Kinko.Server.Api.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Server.Api.Auth;

/// <summary>
/// What an endpoint of the API asks of its caller, declared on the route: <see cref="Public"/> (no
/// authentication) or an API-key permission. Every route under <c>/api</c> declares one; a test
/// walks the routing table to hold to that.
/// </summary>
public sealed record ApiPermission(string Name)
{
    public static readonly ApiPermission Public = new("public");
    public static readonly ApiPermission Read = new("read");
    public static readonly ApiPermission Trade = new("trade");
    public static readonly ApiPermission Withdraw = new("withdraw");

    /// <summary>Kinko's own account routes: a signed-in web session (the handler checks the cookie).</summary>
    public static readonly ApiPermission Session = new("session");

    public bool IsPublic => this == Public;

    /// <summary>Whether the route is called with a signed API key (and so checked before its handler runs).</summary>
    public bool IsApiKey => !IsPublic && this != Session;
}

/// <summary>Declaring permissions on routes, and the step that authenticates a private route's caller before its handler runs.</summary>
public static class ApiPermissionRoutes
{
    /// <summary>No authentication.</summary>
    public static RouteHandlerBuilder AllowAnyone(this RouteHandlerBuilder route) => route.WithMetadata(ApiPermission.Public);

    /// <summary>A signed request whose key has <paramref name="permission"/>; the handler gets the caller as an <see cref="ApiCaller"/> parameter (or from <see cref="ApiCaller.Of"/>).</summary>
    public static TBuilder Requires<TBuilder>(this TBuilder route, ApiPermission permission)
        where TBuilder : IEndpointConventionBuilder => route.WithMetadata(permission);

    /// <summary>A signed-in web session, which the handler checks.</summary>
    public static RouteHandlerBuilder RequiresSession(this RouteHandlerBuilder route) => route.WithMetadata(ApiPermission.Session);

    /// <summary>
    /// The route's handler submits its trading command with the caller's <see cref="ApiCaller.Nonce"/>,
    /// whose commit writes the nonce in the same transaction: one write per request instead of two,
    /// and the command and the nonce it spent are durable together. The handler answers through
    /// <see cref="ApiCaller.AnswerAsync"/>, which waits for the nonce first, so that a nonce that could
    /// not be written becomes the usual JSON error; whatever it answers, a hook on the response's
    /// start makes sure no answer leaves before the nonce is durable, save one that reports a failure
    /// (5xx). (Not an endpoint filter: on the
    /// two busiest routes, the filter's invocation machinery cost about 5% of the server's CPU.)
    /// </summary>
    public static TBuilder NonceWrittenWithCommand<TBuilder>(this TBuilder route)
        where TBuilder : IEndpointConventionBuilder => route.WithMetadata(NonceWithCommand.Instance);

    /// <summary>
    /// Besides the limit on all private requests, the route counts against its own limit (new orders,
    /// order details): once per request, or with <paramref name="perItem"/> once per item, taken by the handler.
    /// </summary>
    public static TBuilder LimitedAs<TBuilder>(this TBuilder route, RateCategory category, bool perItem = false)
        where TBuilder : IEndpointConventionBuilder => route.WithMetadata(new RateLimited(category, perItem));

    /// <summary>
    /// Authenticates the caller of every route that requires a permission (before parameters are
    /// bound, so that a refused request never reaches its handler); answers 401/403 on failure.
    /// </summary>
    public static void UseApiAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Singletons, taken once: asking the request's services for them would open a DI scope per request.
        var keys = app.ApplicationServices.GetRequiredService<ApiKeys>();
        var limiter = app.ApplicationServices.GetRequiredService<RateLimiter>();
        app.Use((http, next) => AuthenticateAsync(http, next, keys, limiter));
    }

    private static async Task AuthenticateAsync(HttpContext http, RequestDelegate next, ApiKeys keys, RateLimiter limiter)
    {
        var metadata = http.GetEndpoint()?.Metadata;
        var permission = metadata?.GetMetadata<ApiPermission>();
        if (permission is not { IsApiKey: true })
        {
            await next(http);
            return;
        }

        var defer = metadata!.GetMetadata<NonceWithCommand>() is not null;
        var (caller, error) = await keys.AuthenticateAsync(http.Request, permission.Name, defer);
        if (caller is null)
        {
            await error!.ExecuteAsync(http);
            return;
        }

        if (caller.Nonce is { } deferred)
        {
            http.Response.OnStarting(() => deferred.BeforeAnswerAsync(http.Response));
        }

        var own = metadata.GetMetadata<RateLimited>();
        var refused = limiter.Refusal(caller.UserId, RateCategory.Requests) ?? (own is { PerItem: false } ? limiter.Refusal(caller.UserId, own.Category) : null);
        if (refused is not null)
        {
            await caller.AnswerAsync(http, refused);
            return;
        }

        http.Items[typeof(ApiCaller)] = caller;
        await next(http);
    }
}

/// <summary>Route metadata: the nonce is written alongside the route's trading command (<see cref="ApiPermissionRoutes.NonceWrittenWithCommand"/>).</summary>
public sealed class NonceWithCommand
{
    public static readonly NonceWithCommand Instance = new();

    private NonceWithCommand()
    {
    }
}
