using System.Security.Cryptography;
using Kinko.Secrets;
using Kinko.Storage;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Accounts;

/// <summary>A principal just created; <see cref="TotpSecret"/> is set (shown once) when two-factor was enrolled with it.</summary>
public sealed record NewPrincipal(StoredPrincipal Principal, byte[]? TotpSecret);

/// <summary>
/// Users and operators: creation with an Argon2id password hash, login with lock-out and (when
/// enrolled, always for operators) a TOTP code or a one-time recovery code, TOTP enrolment, and
/// password change. Refusals are
/// <see cref="AccountException"/>s naming the field.
/// </summary>
public sealed class Principals(SqlUserStore store, SqlRecoveryCodes recoveryCodes, SecretBox secrets, PasswordHasher hasher, TimeProvider time)
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 256;

    /// <summary>Password hashes computed at once (each takes the Argon2id memory, 64 MiB by default).</summary>
    public const int MaxConcurrentHashes = 4;

    public const string Issuer = "Kinko";

    internal const string WrongCredentials = "wrong email or password";

    /// <summary>Process-wide: the limit is on memory, whoever hashes.</summary>
    private static readonly SemaphoreSlim Hashing = new(MaxConcurrentHashes);
    private readonly Lazy<string> _decoyHash = new(() => hasher.Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    public async Task<NewPrincipal> CreateAsync(PrincipalKind kind, string? email, string? password, bool withTotp)
    {
        var (address, key) = EmailAddress.Parse(email);
        CheckNewPassword(password, "password");
        var hash = await HashAsync(() => hasher.Hash(password!)).ConfigureAwait(false);
        var totpSecret = withTotp ? Totp.NewSecret() : null;
        var id = store.Insert(kind, address, key, hash, totpSecret is null ? null : id => secrets.Seal(totpSecret, TotpPurpose(kind, id)))
            ?? throw new AccountException("email", $"'{address}' is already registered", StatusCodes.Status409Conflict);
        return new NewPrincipal(store.Find(kind, id)!, totpSecret);
    }

    public StoredPrincipal? FindByEmail(PrincipalKind kind, string? email) => store.FindByEmail(kind, EmailAddress.Parse(email).Key);

    public StoredPrincipal? Find(PrincipalKind kind, long id) => store.Find(kind, id);

    /// <summary>The customer with this address; a 404 naming <c>email</c> when there is none.</summary>
    public StoredPrincipal UserByEmail(string? email) =>
        FindByEmail(PrincipalKind.User, email)
        ?? throw new AccountException("email", $"no user with the address '{email?.Trim()}'", StatusCodes.Status404NotFound);

    /// <summary>
    /// Checks a login. Unknown addresses cost the same hashing as known ones. A wrong password or code
    /// counts towards the lock-out; the <see cref="LockoutPolicy.MaxFailedLogins"/>-th locks the account.
    /// </summary>
    public async Task<StoredPrincipal> LoginAsync(PrincipalKind kind, string? email, string? password, string? totpCode)
    {
        var (_, key) = EmailAddress.Parse(email);
        if (string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            throw new AccountException("password", string.IsNullOrEmpty(password) ? "is required" : WrongCredentials, StatusCodes.Status401Unauthorized);
        }

        var principal = store.FindByEmail(kind, key);
        if (principal is null)
        {
            await HashAsync(() => hasher.Verify(password, _decoyHash.Value).ToString()).ConfigureAwait(false);
            throw new AccountException("password", WrongCredentials, StatusCodes.Status401Unauthorized);
        }

        var check = await VerifyPasswordAsync(principal, password, "password", WrongCredentials).ConfigureAwait(false);
        if (principal.TotpSealed is not null || kind == PrincipalKind.Operator)
        {
            CheckCode(principal, totpCode, "totp", acceptRecoveryCode: true);
        }

        var rehashed = check.NeedsRehash ? await HashAsync(() => hasher.Hash(password)).ConfigureAwait(false) : null;
        if (store.RecordSuccess(kind, principal.Id, principal.PasswordHash, rehashed))
        {
            return principal with { PasswordHash = rehashed ?? principal.PasswordHash };
        }

        // The hash changed while this password was being checked: a password change (this password
        // may no longer be right, and a rehash must not undo the change), or another login's rehash of
        // the same password. The password is checked once more against the hash now stored.
        var current = store.FindByEmail(kind, key);
        if (current is not null && current.Id == principal.Id
            && (await HashAsync(() => hasher.Verify(password, current.PasswordHash)).ConfigureAwait(false)).Valid
            && store.RecordSuccess(kind, current.Id, current.PasswordHash, null))
        {
            return current;
        }

        throw new AccountException("password", WrongCredentials, StatusCodes.Status401Unauthorized);
    }

    /// <summary>
    /// Changes a signed-in principal's password: the new one must be acceptable and differ, the current
    /// one must check out (a wrong one counts towards the lock-out), and with two-factor enrolled a
    /// fresh code is needed. Every other session of the principal ends.
    /// </summary>
    public async Task ChangePasswordAsync(StoredPrincipal principal, string? currentPassword, string? newPassword, string? totpCode, string? keepSessionHash)
    {
        ArgumentNullException.ThrowIfNull(principal);
        CheckNewPassword(newPassword, "new_password");
        if (string.IsNullOrEmpty(currentPassword) || currentPassword.Length > MaxPasswordLength)
        {
            throw new AccountException("current_password", string.IsNullOrEmpty(currentPassword) ? "is required" : "wrong password", string.IsNullOrEmpty(currentPassword) ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized);
        }

        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            throw new AccountException("new_password", "must differ from the current password");
        }

        await VerifyPasswordAsync(principal, currentPassword, "current_password", "wrong password").ConfigureAwait(false);
        if (principal.TotpSealed is not null)
        {
            RequireTotp(principal, totpCode);
        }

        var hash = await HashAsync(() => hasher.Hash(newPassword!)).ConfigureAwait(false);
        store.ChangePassword(principal.Kind, principal.Id, hash, keepSessionHash);
    }

    /// <summary>Starts TOTP enrolment: a new secret, kept sealed and pending until <see cref="ConfirmTotp"/>.</summary>
    public (string Secret, string Uri) BeginTotp(StoredPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ThrowIfEnrolled(principal);
        var secret = Totp.NewSecret();
        store.SetPendingTotp(principal.Kind, principal.Id, secrets.Seal(secret, PendingPurpose(principal)));
        return (Base32.Encode(secret), Totp.OtpAuthUri(Issuer, principal.Email, secret));
    }

    /// <summary>
    /// Confirms the pending secret with a code from it; from then on logins need a code. Returns the
    /// recovery codes (shown once).
    /// </summary>
    public IReadOnlyList<string> ConfirmTotp(StoredPrincipal principal, string? code)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ThrowIfEnrolled(principal);
        if (principal.TotpPendingSealed is null)
        {
            throw new AccountException("totp", "no enrolment to confirm: POST without a code first", StatusCodes.Status409Conflict);
        }

        var pending = secrets.Open(principal.TotpPendingSealed, PendingPurpose(principal));
        var step = Totp.Match(pending, code, time.GetUtcNow(), lastUsedStep: 0)
            ?? throw new AccountException("code", "wrong code for the secret being enrolled");
        var active = secrets.Seal(pending, TotpPurpose(principal.Kind, principal.Id));
        CryptographicOperations.ZeroMemory(pending);
        var codes = RecoveryCodes.New();
        if (!store.ConfirmTotp(principal.Kind, principal.Id, step, active, [.. codes.Select(c => RecoveryCodes.Hash(principal, c))]))
        {
            throw new AccountException("totp", "already enrolled", StatusCodes.Status409Conflict);
        }

        return codes;
    }

    /// <summary>New recovery codes in place of the old ones (which stop working); needs a fresh code.</summary>
    public IReadOnlyList<string> RenewRecoveryCodes(StoredPrincipal principal, string? totpCode)
    {
        RequireTotp(principal, totpCode);
        var codes = RecoveryCodes.New();
        recoveryCodes.Replace(principal.Kind, principal.Id, [.. codes.Select(c => RecoveryCodes.Hash(principal, c))]);
        return codes;
    }

    /// <summary>The recovery codes a principal has left.</summary>
    public int RecoveryCodesLeft(StoredPrincipal principal) => recoveryCodes.Left(principal.Kind, principal.Id);

    /// <summary>Requires a valid, unused code for a principal with two-factor enrolled (field <paramref name="field"/>).</summary>
    public void RequireTotp(StoredPrincipal principal, string? code, string field = "totp")
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.TotpSealed is null)
        {
            throw new AccountException(field, "two-factor authentication is not enrolled: POST /api/users/me/totp first", StatusCodes.Status403Forbidden);
        }

        // A signed-in session must not be a way to guess codes cheaply: wrong ones count towards the lock-out.
        CheckCode(principal, code, field, acceptRecoveryCode: false);
    }

    public static string TotpPurpose(PrincipalKind kind, long id) => $"totp:{KindName(kind)}:{id}";

    private static string PendingPurpose(StoredPrincipal principal) => $"totp-pending:{KindName(principal.Kind)}:{principal.Id}";

    private static string KindName(PrincipalKind kind) => kind == PrincipalKind.Operator ? "operator" : "user";

    /// <summary>Checks a password of an existing principal; a wrong one counts towards the lock-out (refused outright while locked).</summary>
    private async Task<PasswordCheck> VerifyPasswordAsync(StoredPrincipal principal, string password, string field, string wrong)
    {
        ThrowIfLocked(principal.LockedUntilUs);
        var check = await HashAsync(() => hasher.Verify(password, principal.PasswordHash)).ConfigureAwait(false);
        if (!check.Valid)
        {
            Fail(principal, field, wrong);
        }

        return check;
    }

    /// <summary>
    /// Uses a code from the authenticator (or, where allowed, a recovery code) once; a missing one is
    /// refused, a wrong one counts towards the lock-out (refused outright while locked).
    /// </summary>
    private void CheckCode(StoredPrincipal principal, string? code, string field, bool acceptRecoveryCode)
    {
        if (string.IsNullOrEmpty(code))
        {
            throw new AccountException(field, "a code from the authenticator app is required", StatusCodes.Status401Unauthorized);
        }

        ThrowIfLocked(principal.LockedUntilUs);
        var accepted = acceptRecoveryCode && RecoveryCodes.LooksLikeOne(code)
            ? recoveryCodes.Use(principal.Kind, principal.Id, RecoveryCodes.Hash(principal, code))
            : TryUseTotp(principal, code);
        if (!accepted)
        {
            Fail(principal, field, "wrong or already used code");
        }
    }

    private bool TryUseTotp(StoredPrincipal principal, string? code)
    {
        if (principal.TotpSealed is null)
        {
            return false;
        }

        var secret = secrets.Open(principal.TotpSealed, TotpPurpose(principal.Kind, principal.Id));
        try
        {
            return Totp.Match(secret, code, time.GetUtcNow(), principal.TotpLastStep) is { } step
                && store.UseTotpStep(principal.Kind, principal.Id, step);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private void Fail(StoredPrincipal principal, string field, string reason)
    {
        var lockEnd = time.GetUtcNow() + LockoutPolicy.LockDuration;
        var lockedUntil = store.RecordFailure(principal.Kind, principal.Id, LockoutPolicy.MaxFailedLogins, LockoutPolicy.ToMicroseconds(lockEnd));
        ThrowIfLocked(lockedUntil);
        throw new AccountException(field, reason, StatusCodes.Status401Unauthorized);
    }

    private void ThrowIfLocked(long lockedUntilUs)
    {
        if (LockoutPolicy.IsLocked(lockedUntilUs, time.GetUtcNow()))
        {
            throw new AccountException(
                "email",
                $"locked after {LockoutPolicy.MaxFailedLogins} failed logins until {ApiTime(lockedUntilUs)}",
                StatusCodes.Status403Forbidden);
        }
    }

    private static string ApiTime(long microseconds) => Api.ApiJson.Time(LockoutPolicy.FromMicroseconds(microseconds));

    private static void ThrowIfEnrolled(StoredPrincipal principal)
    {
        if (principal.TotpSealed is not null)
        {
            throw new AccountException("totp", "already enrolled", StatusCodes.Status409Conflict);
        }
    }

    private static void CheckNewPassword(string? password, string field)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new AccountException(field, "is required");
        }

        if (password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            throw new AccountException(field, $"must be {MinPasswordLength} to {MaxPasswordLength} characters, got {password.Length}");
        }
    }

    private async Task<T> HashAsync<T>(Func<T> work)
    {
        await Hashing.WaitAsync().ConfigureAwait(false);
        try
        {
            return work();
        }
        finally
        {
            Hashing.Release();
        }
    }
}
