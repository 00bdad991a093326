using System.Collections.Concurrent;

namespace Kinko.Server.Api.Limits;

/// <summary>What a route counts against, besides every private request counting against <see cref="Requests"/>.</summary>
public enum RateCategory
{
    Requests,
    Orders,
    OrderDetails,
}

/// <summary>A request over a limit: what to tell the client, and when it may try again.</summary>
public sealed record RateRefusal(string Message, int RetryAfterSeconds);

/// <summary>Route metadata: the route's own limit.</summary>
public sealed record RateLimited(RateCategory Category);

/// <summary>
/// Token buckets per account and category: each holds one second's worth of requests of the
/// account's tier and refills continuously. Thread-safe; the time comes from the injected clock.
/// </summary>
public sealed class RateLimiter(AccountTiers tiers, TimeProvider time)
{
    private readonly ConcurrentDictionary<(long User, RateCategory Category), Bucket> _buckets = new();

    /// <summary>Takes one request from the account's bucket; false (and how long to wait) when it is empty.</summary>
    public bool TryTake(long userId, RateCategory category, out TimeSpan retryAfter)
    {
        var tier = tiers.TierOf(userId);
        var perSecond = category switch
        {
            RateCategory.Orders => tier.OrdersPerSecond,
            RateCategory.OrderDetails => tier.OrderDetailsPerSecond,
            _ => tier.RequestsPerSecond,
        };
        var bucket = _buckets.GetOrAdd((userId, category), _ => new Bucket(Math.Max(1, perSecond), time.GetTimestamp()));
        return bucket.TryTake(perSecond, time.GetTimestamp(), time.TimestampFrequency, out retryAfter);
    }

    /// <summary>Takes one request from the bucket; the refusal to answer with when it is empty, else null.</summary>
    public RateRefusal? Refusal(long userId, RateCategory category) =>
        TryTake(userId, category, out var retryAfter)
            ? null
            : new RateRefusal($"too many requests: {Describe(category, tiers.TierOf(userId))}", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));

    public static string Describe(RateCategory category, RateTier tier) => category switch
    {
        RateCategory.Orders => $"at most {tier.OrdersPerSecond} new orders a second",
        RateCategory.OrderDetails => $"at most {tier.OrderDetailsPerSecond} order details a second",
        _ => $"at most {tier.RequestsPerSecond} private requests a second",
    };

    private sealed class Bucket(double tokens, long at)
    {
        private readonly Lock _gate = new();
        private double _tokens = tokens;
        private long _at = at;

        public bool TryTake(double perSecond, long now, long frequency, out TimeSpan retryAfter)
        {
            lock (_gate)
            {
                _tokens = Math.Min(Math.Max(1, perSecond), _tokens + (now - _at) * perSecond / frequency);
                _at = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    retryAfter = TimeSpan.Zero;
                    return true;
                }

                retryAfter = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
                return false;
            }
        }
    }
}
