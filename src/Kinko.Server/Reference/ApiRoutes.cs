using Kinko.Server.Api.Auth;
using Kinko.Server.Api.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kinko.Server.Reference;

/// <summary>One method of one route in the routing table.</summary>
public sealed record ApiRoute(string Method, string Pattern, EndpointMetadataCollection Metadata)
{
    public string Key => $"{Method} {Pattern}";

    /// <summary>The route's own rate-limit category beyond the one on every signed request, if it declares one.</summary>
    public RateCategory? OwnLimit => Metadata.GetMetadata<RateLimited>()?.Category;

    public ApiPermission? Permission => Metadata.GetMetadata<ApiPermission>();
}

/// <summary>How a documented operation is called: the access it needs and what rate limits it counts against.</summary>
/// <param name="Kind">none, api-key, session or admin-token.</param>
/// <param name="Permission">The API key's permission, for <c>api-key</c>.</param>
public sealed record Access(string Kind, string? Permission, IReadOnlyList<string> RateLimits)
{
    public const string None = "none";
    public const string ApiKey = "api-key";
    public const string Session = "session";
    public const string AdminToken = "admin-token";

    /// <summary>The access a route under /api declares with <see cref="ApiPermission"/>.</summary>
    public static Access Of(ApiPermission? permission, RateCategory? ownLimit) => permission switch
    {
        null => new(None, null, []),
        { IsPublic: true } => new(None, null, []),
        { IsApiKey: false } => new(Session, null, []),
        _ => new(ApiKey, permission.Name, new[] { RateCategory.Requests, ownLimit ?? RateCategory.Requests }.Distinct().Select(Name).ToList()),
    };

    /// <summary>A rate-limit category as the reference names it (<c>order_details</c>).</summary>
    public static string Name(RateCategory category) => category switch
    {
        RateCategory.Orders => "orders",
        RateCategory.OrderDetails => "order_details",
        _ => "requests",
    };
}

/// <summary>Reads the routing table: the routes under a prefix, one per method, without catch-all fallbacks.</summary>
public static class ApiRouteTable
{
    public static IReadOnlyList<ApiRoute> Under(EndpointDataSource source, string prefix)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith(prefix + "/", StringComparison.Ordinal) && !raw.Contains("{**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Select(m => new ApiRoute(m, e.RoutePattern.RawText!, e.Metadata)))
            .ToList();
    }
}
