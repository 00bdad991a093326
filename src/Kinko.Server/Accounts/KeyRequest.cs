using System.Net;
using Kinko.Server.Api.Auth;

namespace Kinko.Server.Accounts;

/// <summary>The permissions and IP allow-list asked for a new API key, checked and named by field.</summary>
public static class KeyRequest
{
    /// <summary>Most addresses one key's allow-list holds.</summary>
    public const int MaxAllowedAddresses = 16;

    public static IReadOnlyList<string> Permissions(IReadOnlyList<string>? requested, string field = "permissions")
    {
        if (requested is null || requested.Count == 0)
        {
            throw new AccountException(field, $"is required: some of {string.Join(", ", ApiKeys.KnownPermissions)}");
        }

        var unknown = requested.FirstOrDefault(p => !ApiKeys.KnownPermissions.Contains(p));
        if (unknown is not null)
        {
            throw new AccountException(field, $"'{unknown}' is not one of {string.Join(", ", ApiKeys.KnownPermissions)}");
        }

        return requested.Distinct(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<string>? AllowList(IReadOnlyList<string>? addresses, string field = "ip_allow")
    {
        if (addresses is null || addresses.Count == 0)
        {
            return null;
        }

        if (addresses.Count > MaxAllowedAddresses)
        {
            throw new AccountException(field, $"at most {MaxAllowedAddresses} addresses, got {addresses.Count}");
        }

        var bad = addresses.FirstOrDefault(a => !IPAddress.TryParse(a, out _));
        return bad is null ? addresses.Select(a => IPAddress.Parse(a).ToString()).ToList() : throw new AccountException(field, $"'{bad}' is not an IP address");
    }
}
