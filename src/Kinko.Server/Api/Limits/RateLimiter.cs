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

/// <summary>
/// Route metadata: the route's own limit. Authentication takes one from it before the handler runs,
/// unless <paramref name="PerItem"/>: then the handler takes one per item of its request (a batch's orders).
/// </summary>
public sealed record RateLimited(RateCategory Category, bool PerItem = false);

/// <summary>
/// Token buckets per account and category: each holds one second's worth of requests of the
/// account's tier and refills continuously. Thread-safe; the time comes from the injected clock.
/// </summary>
public sealed class RateLimiter(AccountTiers tiers, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long User, RateCategory Category), Bucket> _buckets = new();

    /// <summary>Takes <paramref name="count"/> requests from the account's bucket; false (and how long to wait) when it holds fewer.</summary>
    private bool TryTake(long userId, RateCategory category, int count, out TimeSpan retryAfter)
    {
        var perSecond = PerSecond(tiers.TierOf(userId), category);
        var bucket = _buckets.GetOrAdd((userId, category), _ => new Bucket(Capacity(perSecond), time.GetTimestamp()));
        return bucket.TryTake(perSecond, count, time.GetTimestamp(), time.TimestampFrequency, out retryAfter);
    }

    /// <summary>Takes <paramref name="count"/> requests from the bucket; the refusal to answer with when it holds fewer, else null.</summary>
    public RateRefusal? Refusal(long userId, RateCategory category, int count = 1) =>
        TryTake(userId, category, count, out var retryAfter)
            ? null
            : new RateRefusal($"too many requests: {Describe(category, tiers.TierOf(userId))}", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));

    /// <summary>Why <paramref name="count"/> requests at once could never pass (more than the account's bucket holds), else null.</summary>
    public string? NeverFits(long userId, RateCategory category, int count)
    {
        var tier = tiers.TierOf(userId);
        return count > Capacity(PerSecond(tier, category)) ? $"{count} in one request is more than a second's worth ({Describe(category, tier)})" : null;
    }

    public static string Describe(RateCategory category, RateTier tier)
    {
        ArgumentNullException.ThrowIfNull(tier);
        var perSecond = PerSecond(tier, category);
        return category switch
        {
            RateCategory.Orders => $"at most {perSecond} new orders a second",
            RateCategory.OrderDetails => $"at most {perSecond} order details a second",
            _ => $"at most {perSecond} private requests a second",
        };
    }

    private static double PerSecond(RateTier tier, RateCategory category) => category switch
    {
        RateCategory.Orders => tier.OrdersPerSecond,
        RateCategory.OrderDetails => tier.OrderDetailsPerSecond,
        _ => tier.RequestsPerSecond,
    };

    /// <summary>What a bucket holds when full: a second's worth, and at least one request.</summary>
    private static double Capacity(double perSecond) => Math.Max(1, perSecond);

    private sealed class Bucket(double tokens, long at)
    {
        private readonly Lock _gate = new();
        private double _tokens = tokens;
        private long _at = at;

        public bool TryTake(double perSecond, int count, long now, long frequency, out TimeSpan retryAfter)
        {
            lock (_gate)
            {
                _tokens = Math.Min(Capacity(perSecond), _tokens + (now - _at) * perSecond / frequency);
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
