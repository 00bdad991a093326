using System.Text.Json;
using Kinko.Server.Accounts;
using Kinko.Server.Api.Limits;
using Kinko.Storage;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Admin;

/// <summary>The result of putting an account in a rate-limit tier.</summary>
public sealed record TierResult(long UserId, string Email, string Tier);

/// <summary>Operators put accounts in rate-limit tiers (such as the market-maker tier); audited.</summary>
public sealed class TierOperations(Principals principals, AccountTiers tiers, SqlAdminAudit audit)
{
    public TierResult Set(string actor, string? email, string? tier)
    {
        var user = principals.UserByEmail(email);
        if (string.IsNullOrEmpty(tier) || !tiers.Names.Contains(tier, StringComparer.Ordinal))
        {
            throw new AccountException("tier", $"no tier '{tier}'; the tiers are {string.Join(", ", tiers.Names)} (kinko.json: rateLimits.tiers)");
        }

        audit.Append(actor, "rate-tier", JsonSerializer.Serialize(new { email = user.Email, user_id = user.Id, tier, was = tiers.NameOf(user.Id) }));
        tiers.TrySet(user.Id, tier);
        return new TierResult(user.Id, user.Email, tier);
    }
}
