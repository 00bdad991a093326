using System.Text.Json;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Secrets;
using Kinko.Server.Accounts;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Admin;

public sealed record CreatedUser(long Id, string Email);

public sealed record CreatedKey(string Key, string Secret, IReadOnlyList<string> Permissions, IReadOnlyList<string> IpAllow);

public sealed record CreatedOperator(long Id, string Email, string TotpSecret, string OtpAuthUri);

public sealed record CreditResult(string Reference, long UserId, string Email, string Asset, string Amount, long LedgerPosition, bool Replayed);

public sealed record UserSummary(long Id, string Email, bool TotpEnabled, string? LockedUntil, string CreatedAt);

/// <summary>
/// What operators may do, the same whether asked through the admin API or by the CLI on a folder no
/// server runs on. Every change is audited (actor, action, details) before it is made.
/// </summary>
public sealed class AdminOperations(Principals principals, ApiKeys keys, LedgerEngine ledger, SqlUserStore users, SqlAdminAudit audit, AssetRegistry assets, TimeProvider time)
{
    /// <summary>The prefix of the ledger idempotency key of a credit: <c>admin-credit:&lt;reference&gt;</c>.</summary>
    public const string CreditKeyPrefix = "admin-credit:";

    public const int MaxReferenceLength = 100;
    public const int MaxReasonLength = 200;
    public const int MaxUsersPage = 100;

    public async Task<CreatedUser> CreateUserAsync(string actor, string? email, string? password)
    {
        Audit(actor, "create-user", new() { ["email"] = email });
        var created = await principals.CreateAsync(PrincipalKind.User, email, password, withTotp: false).ConfigureAwait(false);
        return new CreatedUser(created.Principal.Id, created.Principal.Email);
    }

    public async Task<CreatedOperator> CreateOperatorAsync(string actor, string? email, string? password)
    {
        Audit(actor, "create-operator", new() { ["email"] = email, ["role"] = "admin" });
        var created = await principals.CreateAsync(PrincipalKind.Operator, email, password, withTotp: true).ConfigureAwait(false);
        var secret = created.TotpSecret!;
        return new CreatedOperator(created.Principal.Id, created.Principal.Email, Base32.Encode(secret), Totp.OtpAuthUri(Principals.Issuer, created.Principal.Email, secret));
    }

    public CreatedKey CreateApiKey(string actor, string? email, IReadOnlyList<string>? permissions, IReadOnlyList<string>? ipAllow)
    {
        var user = User(email);
        var checkedPermissions = KeyRequest.Permissions(permissions);
        var allow = KeyRequest.AllowList(ipAllow);
        Audit(actor, "create-api-key", new() { ["email"] = user.Email, ["user_id"] = user.Id, ["permissions"] = checkedPermissions, ["ip_allow"] = allow });
        var (key, secret) = keys.Create(user.Id, checkedPermissions, allow);
        return new CreatedKey(key, secret, checkedPermissions, allow ?? []);
    }

    /// <summary>
    /// Credits a user's available balance from the Adjustment account. Idempotent by reference: the same
    /// reference with the same content answers the first credit; with other content it is refused.
    /// </summary>
    public CreditResult Credit(string actor, string? email, string? assetCode, string? amountText, string? reference, string? reason)
    {
        var user = User(email);
        if (!assets.TryGet(assetCode, out var asset))
        {
            throw new AccountException("asset", $"unknown asset '{assetCode}'; known: {string.Join(", ", assets.All.Select(a => a.Code))}");
        }

        if (!AmountText.TryParse(amountText, asset.Scale, "amount", out var amount, out var error))
        {
            throw new AccountException("amount", $"{error!.Message} ({asset.Code} has {asset.Scale} decimals)");
        }

        if (amount <= 0)
        {
            throw new AccountException("amount", "must be positive");
        }

        CheckText("reference", reference, MaxReferenceLength, c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
        CheckText("reason", reason, MaxReasonLength, c => !char.IsControl(c));
        var amountShown = AmountText.Format(amount, asset.Scale);
        Audit(actor, "credit", new()
        {
            ["reference"] = reference, ["email"] = user.Email, ["user_id"] = user.Id, ["asset"] = asset.Code, ["amount"] = amountShown, ["reason"] = reason,
        });
        var adjustment = ledger.OpenAccount(new NewAccount(asset.Code, AccountKind.Adjustment, 0, AccountFlags.None)).Id;
        var available = ledger.OpenAccount(new NewAccount(asset.Code, AccountKind.CustomerAvailable, user.Id, AccountFlags.DebitsMustNotExceedCredits)).Id;
        var result = ledger.Execute(TransferRequest.Post(CreditKeyPrefix + reference, adjustment, available, asset.Code, amount, reason));
        if (result.Error is { } refused)
        {
            throw refused.Code == ErrorCode.KeyReused
                ? new AccountException("reference", $"'{reference}' was already used for a different credit (user, asset, amount or reason differ)", StatusCodes.Status409Conflict)
                : new AccountException("amount", refused.Message, StatusCodes.Status409Conflict);
        }

        return new CreditResult(reference!, user.Id, user.Email, asset.Code, amountShown, result.Transfer!.Position.Value, result.Status == TransferStatus.AlreadyExists);
    }

    public IReadOnlyList<UserSummary> ListUsers(long afterId, int limit) =>
        users.List(PrincipalKind.User, afterId, Math.Clamp(limit, 1, MaxUsersPage))
            .Select(u => new UserSummary(
                u.Id,
                u.Email,
                u.TotpSealed is not null,
                LockoutPolicy.IsLocked(u.LockedUntilUs, time.GetUtcNow()) ? Api.ApiJson.Time(LockoutPolicy.FromMicroseconds(u.LockedUntilUs)) : null,
                Api.ApiJson.Time(LockoutPolicy.FromMicroseconds(u.CreatedAtUs))))
            .ToList();

    private StoredPrincipal User(string? email) => principals.UserByEmail(email);

    private void Audit(string actor, string action, Dictionary<string, object?> details) =>
        audit.Append(actor, action, JsonSerializer.Serialize(details));

    private static void CheckText(string field, string? text, int maxLength, Func<char, bool> allowed)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new AccountException(field, "is required");
        }

        if (text.Length > maxLength || !text.All(allowed))
        {
            throw new AccountException(field, $"must be at most {maxLength} characters{(field == "reference" ? " of letters, digits, '-', '_', '.', ':'" : ", without control characters")}");
        }
    }
}
