using Kinko.Secrets;
using Kinko.Server.Accounts;
using Kinko.Storage;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Kinko.Integration.Tests;

/// <summary>Lock-out and one-time codes against the real stores (SQLite and PostgreSQL), with time moved by the test.</summary>
public sealed class PrincipalStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private const string Password = "correct horse battery";
    private readonly TempDirectory _folder = new("kinko-principals");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly SecretBox _secrets = new(new byte[SecretBox.KeySize]);

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    public void Dispose()
    {
        _secrets.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Five_failures_lock_for_fifteen_minutes_then_the_right_password_works_again(string kind)
    {
        using var store = Open(kind);
        var principals = Principals(store);
        await principals.CreateAsync(PrincipalKind.User, "kim@example.com", Password, withTotp: false);

        for (var i = 0; i < LockoutPolicy.MaxFailedLogins; i++)
        {
            await Should.ThrowAsync<AccountException>(() => principals.LoginAsync(PrincipalKind.User, "kim@example.com", "wrong password", null));
        }

        _time.Advance(LockoutPolicy.LockDuration - TimeSpan.FromSeconds(1));
        (await Should.ThrowAsync<AccountException>(() => principals.LoginAsync(PrincipalKind.User, "kim@example.com", Password, null)))
            .Message.ShouldStartWith("email: locked");
        _time.Advance(TimeSpan.FromSeconds(1));
        (await principals.LoginAsync(PrincipalKind.User, "kim@example.com", Password, null)).Email.ShouldBe("kim@example.com");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_good_login_starts_the_failure_count_again(string kind)
    {
        using var store = Open(kind);
        var principals = Principals(store);
        await principals.CreateAsync(PrincipalKind.User, "lee@example.com", Password, withTotp: false);

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < LockoutPolicy.MaxFailedLogins - 1; i++)
            {
                await Should.ThrowAsync<AccountException>(() => principals.LoginAsync(PrincipalKind.User, "lee@example.com", "wrong password", null));
            }

            await principals.LoginAsync(PrincipalKind.User, "lee@example.com", Password, null);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_operator_code_works_once_per_step_and_the_next_step_s_code_works(string kind)
    {
        using var store = Open(kind);
        var principals = Principals(store);
        var created = await principals.CreateAsync(PrincipalKind.Operator, "ops@example.com", Password, withTotp: true);
        var secret = created.TotpSecret!;
        var code = Totp.Code(secret, Totp.Step(_time.GetUtcNow()));

        await principals.LoginAsync(PrincipalKind.Operator, "ops@example.com", Password, code);
        await Should.ThrowAsync<AccountException>(() => principals.LoginAsync(PrincipalKind.Operator, "ops@example.com", Password, code));
        _time.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        await principals.LoginAsync(PrincipalKind.Operator, "ops@example.com", Password, Totp.Code(secret, Totp.Step(_time.GetUtcNow())));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_recovery_code_from_the_confirmation_logs_in_once(string kind)
    {
        using var store = Open(kind);
        var principals = Principals(store);
        var user = (await principals.CreateAsync(PrincipalKind.User, "max@example.com", Password, withTotp: false)).Principal;
        var secret = Base32.TryDecode(principals.BeginTotp(user).Secret)!;
        var codes = principals.ConfirmTotp(principals.Find(PrincipalKind.User, user.Id)!, Totp.Code(secret, Totp.Step(_time.GetUtcNow())));

        await principals.LoginAsync(PrincipalKind.User, "max@example.com", Password, codes[3]);
        await Should.ThrowAsync<AccountException>(() => principals.LoginAsync(PrincipalKind.User, "max@example.com", Password, codes[3]));
        principals.RecoveryCodesLeft(principals.Find(PrincipalKind.User, user.Id)!).ShouldBe(RecoveryCodes.Count - 1);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one(string kind)
    {
        using var store = Open(kind);
        var principals = Principals(store);
        var sessions = new Sessions(new SqlSessionStore(store), _time);
        var user = (await principals.CreateAsync(PrincipalKind.User, "ned@example.com", Password, withTotp: false)).Principal;
        var (kept, _) = sessions.Start(user);
        var (other, _) = sessions.Start(user);

        await principals.ChangePasswordAsync(user, Password, "a brand new passphrase", null, Sessions.Hash(kept));

        sessions.Resolve(kept, PrincipalKind.User).ShouldBe(user.Id);
        sessions.Resolve(other, PrincipalKind.User).ShouldBeNull();
        await Should.ThrowAsync<AccountException>(() => principals.LoginAsync(PrincipalKind.User, "ned@example.com", Password, null));
        await principals.LoginAsync(PrincipalKind.User, "ned@example.com", "a brand new passphrase", null);
    }

    private SqlLedgerStore Open(string kind) => kind == "postgres"
        ? PostgresLedgerStore.Open(postgres.CreateDatabase("principals"), _time)
        : SqliteLedgerStore.Open(_folder.Combine(Guid.NewGuid().ToString("N")), _time);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_login_checked_against_a_password_that_changed_meanwhile_gets_no_session_and_undoes_nothing(string kind)
    {
        using var store = Open(kind);
        var principals = Principals(store);
        var users = new SqlUserStore(store, _time);
        var sessions = new Sessions(new SqlSessionStore(store), _time);
        var user = (await principals.CreateAsync(PrincipalKind.User, "oda@example.com", Password, withTotp: false)).Principal;
        var checkedBeforeTheChange = await principals.LoginAsync(PrincipalKind.User, "oda@example.com", Password, null);

        await principals.ChangePasswordAsync(user, Password, "a brand new passphrase", null, null);
        var changed = users.FindByEmail(PrincipalKind.User, "oda@example.com")!.PasswordHash;

        Should.Throw<AccountException>(() => sessions.Start(checkedBeforeTheChange)).Status.ShouldBe(401);
        users.RecordSuccess(PrincipalKind.User, user.Id, checkedBeforeTheChange.PasswordHash, "a rehash of the old password").ShouldBeFalse();
        users.FindByEmail(PrincipalKind.User, "oda@example.com")!.PasswordHash.ShouldBe(changed);
        var (token, _) = sessions.Start(await principals.LoginAsync(PrincipalKind.User, "oda@example.com", "a brand new passphrase", null));
        sessions.Resolve(token, PrincipalKind.User).ShouldBe(user.Id);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Logins_at_once_that_each_rehash_the_same_password_all_get_a_session(string kind)
    {
        using var store = Open(kind);
        var user = (await Principals(store).CreateAsync(PrincipalKind.User, "pia@example.com", Password, withTotp: false)).Principal;

        // New hashing settings: every login finds the stored hash outdated and rehashes it; the first
        // to finish stores its rehash, and the others must not take that for a password change.
        var strongerHasher = new PasswordHasher(new Argon2Settings(8 * 1024, 2));
        var stronger = Principals(store, strongerHasher);
        var sessions = new Sessions(new SqlSessionStore(store), _time);
        var logins = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => stronger.LoginAsync(PrincipalKind.User, "pia@example.com", Password, null))));

        logins.ShouldAllBe(l => l.Id == user.Id);
        logins.Select(l => sessions.Start(l).Token).Distinct().Count().ShouldBe(6);
        strongerHasher.Verify(Password, new SqlUserStore(store, _time).FindByEmail(PrincipalKind.User, "pia@example.com")!.PasswordHash).NeedsRehash.ShouldBeFalse();
    }

    private Principals Principals(SqlLedgerStore store, PasswordHasher? hasher = null) =>
        new(new SqlUserStore(store, _time), new SqlRecoveryCodes(store, _time), _secrets, hasher ?? new PasswordHasher(new Argon2Settings(8 * 1024, 1)), _time);
}
