using System.Collections.Concurrent;
using Kinko.Storage;

namespace Kinko.Server.Api.Limits;

/// <summary>
/// Which rate-limit tier each account is in: set by operators (stored, loaded at start), else by
/// kinko.json's <c>rateLimits.accounts</c>, else the default tier. Thread-safe.
/// </summary>
public sealed class AccountTiers
{
    private readonly RateLimitOptions _options;
    private readonly SqlAccountTierStore _store;
    private readonly ConcurrentDictionary<long, string> _set;

    public AccountTiers(RateLimitOptions options, SqlAccountTierStore store)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _set = new ConcurrentDictionary<long, string>(store.All().Where(t => options.Tiers.ContainsKey(t.Value)));
    }

    public IEnumerable<string> Names => _options.Tiers.Keys;

    public string NameOf(long userId) =>
        _set.TryGetValue(userId, out var tier) ? tier : _options.Accounts.GetValueOrDefault(userId, RateLimitOptions.DefaultTier);

    public RateTier TierOf(long userId) => _options.Tiers[NameOf(userId)];

    /// <summary>Puts the account in a tier, stored first; false when no tier has that name.</summary>
    public bool TrySet(long userId, string tier)
    {
        if (!_options.Tiers.ContainsKey(tier))
        {
            return false;
        }

        _store.Set(userId, tier);
        _set[userId] = tier;
        return true;
    }
}
