using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Api.Limits;

/// <summary>What a route counts against, besides every private request counting against <see cref="Requests"/>.</summary>
public enum RateCategory
{
    Requests,
    Orders,
    OrderDetails,
}

/// <summary>A request over a limit: what to tell the client, and when it may try again; answered as a JSON 429 with Retry-After.</summary>
public sealed record RateRefusal(string Message, int RetryAfterSeconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiJson.Error(Message, StatusCodes.Status429TooManyRequests).ExecuteAsync(httpContext);
    }
}

/// <summary>Route metadata: the route's own limit.</summary>
public sealed record RateLimited(RateCategory Category);

/// <summary>
/// Token buckets per account and category: each holds one second's worth of requests of the
/// account's tier and refills continuously. Thread-safe; the time comes from the injected clock.
/// </summary>
public sealed class RateLimiter(AccountTiers tiers, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long User, RateCategory Category), Bucket> _buckets = new();

    /// <summary>Takes <paramref name="count"/> requests from the account's bucket; false (and how long to wait) when it holds fewer.</summary>
    public bool TryTake(long userId, RateCategory category, int count, out TimeSpan retryAfter)
    {
        var perSecond = PerSecond(tiers.TierOf(userId), category);
        var bucket = _buckets.GetOrAdd((userId, category), _ => new Bucket(Math.Max(1, perSecond), time.GetTimestamp()));
        return bucket.TryTake(perSecond, count, time.GetTimestamp(), time.TimestampFrequency, out retryAfter);
    }

    /// <summary>The most requests of the category the account's bucket can ever hold: a larger batch can never be let through.</summary>
    public int MostAtOnce(long userId, RateCategory category) => (int)Math.Min(int.MaxValue, MostAtOnce(PerSecond(tiers.TierOf(userId), category)));

    /// <summary>Takes <paramref name="count"/> requests from the bucket; the refusal to answer with when it holds fewer, else null.</summary>
    public RateRefusal? Refusal(long userId, RateCategory category, int count = 1) =>
        TryTake(userId, category, count, out var retryAfter)
            ? null
            : new RateRefusal($"too many requests: {Describe(category, tiers.TierOf(userId))}", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));

    public static string Describe(RateCategory category, RateTier tier) => category switch
    {
        RateCategory.Orders => $"at most {tier.OrdersPerSecond} new orders a second",
        RateCategory.OrderDetails => $"at most {tier.OrderDetailsPerSecond} order details a second",
        _ => $"at most {tier.RequestsPerSecond} private requests a second",
    };

    private static double PerSecond(RateTier tier, RateCategory category) => category switch
    {
        RateCategory.Orders => tier.OrdersPerSecond,
        RateCategory.OrderDetails => tier.OrderDetailsPerSecond,
        _ => tier.RequestsPerSecond,
    };

    private static double MostAtOnce(double perSecond) => Math.Max(1, Math.Floor(perSecond));

    private sealed class Bucket(double tokens, long at)
    {
        private readonly Lock _gate = new();
        private double _tokens = tokens;
        private long _at = at;

        public bool TryTake(double perSecond, int count, long now, long frequency, out TimeSpan retryAfter)
        {
            lock (_gate)
            {
                _tokens = Math.Min(Math.Max(1, perSecond), _tokens + (now - _at) * perSecond / frequency);
                _at = now;
                if (_tokens >= count)
                {
                    _tokens -= count;
                    retryAfter = TimeSpan.Zero;
                    return true;
                }

                retryAfter = TimeSpan.FromSeconds((count - _tokens) / perSecond);
                return false;
            }
        }
    }
}
