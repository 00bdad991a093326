using System.Text.Json;
using Kinko.Server.Accounts;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Admin;

/// <summary>An API key as operators see it: never its secret.</summary>
public sealed record KeySummary(string Key, IReadOnlyList<string> Permissions, IReadOnlyList<string> IpAllow, bool Enabled);

/// <summary>A customer's keys, as the admin API answers them.</summary>
public sealed record KeyList(IReadOnlyList<KeySummary> Keys);

/// <summary>Operators list a customer's API keys and disable (or enable again) one; audited, effective at the key's next request.</summary>
public sealed class KeyOperations(Principals principals, ApiKeys keys, SqlApiKeyStore store, SqlAdminAudit audit)
{
    public IReadOnlyList<KeySummary> List(string? email)
    {
        var user = principals.UserByEmail(email);
        return store.ListByUser(user.Id).Select(k => new KeySummary(k.KeyId, k.Permissions, k.IpAllowList ?? [], k.Enabled)).ToList();
    }

    public KeySummary SetEnabled(string actor, string? keyId, bool enabled)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            throw new AccountException("key", "is required");
        }

        var stored = store.Find(keyId) ?? throw new AccountException("key", $"no API key '{keyId}'", StatusCodes.Status404NotFound);

        audit.Append(actor, enabled ? "enable-api-key" : "disable-api-key", JsonSerializer.Serialize(new { key = stored.KeyId, user_id = stored.UserId }));
        keys.SetEnabled(stored.KeyId, enabled);
        return new KeySummary(stored.KeyId, stored.Permissions, stored.IpAllowList ?? [], enabled);
    }
}
