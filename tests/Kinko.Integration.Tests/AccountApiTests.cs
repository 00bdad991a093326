using System.Net;
using System.Text;
using Kinko.Server.Accounts;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests;

/// <summary>Sign-up, login, lock-out, the session cookie, TOTP and API keys, through a real loopback server.</summary>
public sealed class AccountApiTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("kinko-accounts");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sign_up_and_login_give_an_httponly_strict_session_cookie_that_logout_ends()
    {
        using var web = new AccountHttp(_server.Url);
        var (status, body) = await web.PostAsync("/api/users", new { email = "Alice@Example.com", password = Password });
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetInt64();

        (await web.SendAsync(HttpMethod.Get, "/api/users/me")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (status, body) = await web.PostAsync("/api/sessions", new { email = "alice@example.COM", password = Password });

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        var cookie = web.LastSetCookies.ShouldHaveSingleItem();
        cookie.ShouldStartWith(Sessions.CookieName + "=");
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        (status, body) = await web.SendAsync(HttpMethod.Get, "/api/users/me");
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("id").GetInt64().ShouldBe(id);
        body.GetProperty("email").GetString().ShouldBe("Alice@Example.com");

        (await web.SendAsync(HttpMethod.Delete, "/api/sessions")).Status.ShouldBe(HttpStatusCode.OK);
        (await web.SendAsync(HttpMethod.Get, "/api/users/me")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("no-at-sign", Password, "email: ")]
    [InlineData("a@b", Password, "email: ")]
    [InlineData("", Password, "email: is required")]
    [InlineData("bob@example.com", "short", "password: must be 10 to 256 characters")]
    [InlineData("bob@example.com", null, "password: is required")]
    public async Task Sign_up_refuses_bad_input_naming_the_field(string email, string? password, string error)
    {
        using var web = new AccountHttp(_server.Url);

        var (status, body) = await web.PostAsync("/api/users", new { email, password });

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("success").GetBoolean().ShouldBeFalse();
        body.GetProperty("error").GetString().ShouldStartWith(error);
    }

    [Fact]
    public async Task An_email_is_taken_whatever_its_case()
    {
        using var web = new AccountHttp(_server.Url);
        (await web.PostAsync("/api/users", new { email = "carol@example.com", password = Password })).Status.ShouldBe(HttpStatusCode.Created);

        var (status, body) = await web.PostAsync("/api/users", new { email = " CAROL@example.com ", password = Password });

        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("error").GetString().ShouldBe("email: 'CAROL@example.com' is already registered");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        using var web = new AccountHttp(_server.Url);
        await web.PostAsync("/api/users", new { email = "dave@example.com", password = Password });

        for (var i = 1; i < LockoutPolicy.MaxFailedLogins; i++)
        {
            var (wrong, body) = await web.PostAsync("/api/sessions", new { email = "dave@example.com", password = "wrong password " + i });
            wrong.ShouldBe(HttpStatusCode.Unauthorized);
            body.GetProperty("error").GetString().ShouldBe("password: wrong email or password");
        }

        var (fifth, locked) = await web.PostAsync("/api/sessions", new { email = "dave@example.com", password = "wrong again" });
        var (right, stillLocked) = await web.PostAsync("/api/sessions", new { email = "dave@example.com", password = Password });

        fifth.ShouldBe(HttpStatusCode.Forbidden);
        locked.GetProperty("error").GetString().ShouldStartWith("email: locked after 5 failed logins until ");
        right.ShouldBe(HttpStatusCode.Forbidden);
        stillLocked.GetProperty("error").GetString().ShouldStartWith("email: locked");
        web.LastSetCookies.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        using var web = new AccountHttp(_server.Url);

        var (status, body) = await web.PostAsync("/api/sessions", new { email = "nobody@example.com", password = Password });

        status.ShouldBe(HttpStatusCode.Unauthorized);
        body.GetProperty("error").GetString().ShouldBe("password: wrong email or password");
    }

    [Fact]
    public async Task After_totp_enrolment_login_needs_a_code_and_a_code_works_only_once()
    {
        using var web = await SignedInAsync("erin@example.com");
        var (_, enrol) = await web.PostAsync("/api/users/me/totp");
        var secret = enrol.GetProperty("secret").GetString()!;
        enrol.GetProperty("otpauth_uri").GetString().ShouldStartWith("otpauth://totp/Kinko:erin%40example.com?secret=" + secret);
        (await web.PostAsync("/api/users/me/totp", new { code = "000000" == AccountHttp.Code(secret) ? "111111" : "000000" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        var enrolmentCode = AccountHttp.Code(secret); // the same code below, even if a 30-second step ends meanwhile
        var (confirmed, body) = await web.PostAsync("/api/users/me/totp", new { code = enrolmentCode });
        confirmed.ShouldBe(HttpStatusCode.OK, body.ToString());

        using var other = new AccountHttp(_server.Url);
        var (noCode, error) = await other.PostAsync("/api/sessions", new { email = "erin@example.com", password = Password });
        noCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.GetProperty("error").GetString().ShouldBe("totp: a code from the authenticator app is required");
        var (reused, reusedBody) = await other.PostAsync("/api/sessions", new { email = "erin@example.com", password = Password, totp = enrolmentCode });
        reused.ShouldBe(HttpStatusCode.Unauthorized, "the code that confirmed enrolment was used in this step");
        reusedBody.GetProperty("error").GetString().ShouldBe("totp: wrong or already used code");
        var next = AccountHttp.Code(secret, stepsAhead: 1);
        (await other.PostAsync("/api/sessions", new { email = "erin@example.com", password = Password, totp = next })).Status.ShouldBe(HttpStatusCode.OK);
        (await other.PostAsync("/api/sessions", new { email = "erin@example.com", password = Password, totp = next })).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await web.SendAsync(HttpMethod.Get, "/api/users/me")).Body.GetProperty("totp_enabled").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_key_made_from_a_session_reads_the_balance_and_withdraw_needs_two_factor()
    {
        using var web = await SignedInAsync("frank@example.com");
        var (created, key) = await web.PostAsync("/api/users/me/api_keys", new { permissions = new[] { "read", "trade" }, ip_allow = "127.0.0.1" });
        created.ShouldBe(HttpStatusCode.Created, key.ToString());
        var userId = (await web.SendAsync(HttpMethod.Get, "/api/users/me")).Body.GetProperty("id").GetInt64();
        _server.Fund(userId, "JPY", 12_345_0000);

        var (status, balance) = await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", (key.GetProperty("key").GetString()!, key.GetProperty("secret").GetString()!));

        status.ShouldBe(HttpStatusCode.OK, balance.ToString());
        balance.GetProperty("jpy").GetString().ShouldBe("12345");
        var (noTotp, refused) = await web.PostAsync("/api/users/me/api_keys", new { permissions = "read,withdraw" });
        noTotp.ShouldBe(HttpStatusCode.Forbidden);
        refused.GetProperty("error").GetString()!.ShouldStartWith("totp: two-factor authentication is not enrolled");
        (await web.PostAsync("/api/users/me/api_keys", new { permissions = "read,lend" })).Body.GetProperty("error").GetString().ShouldBe("permissions: 'lend' is not one of read, trade, withdraw");
        (await web.PostAsync("/api/users/me/api_keys", new { permissions = "read", ip_allow = "localhost" })).Body.GetProperty("error").GetString().ShouldBe("ip_allow: 'localhost' is not an IP address");

        var secret = (await web.PostAsync("/api/users/me/totp")).Body.GetProperty("secret").GetString()!;
        await web.PostAsync("/api/users/me/totp", new { code = AccountHttp.Code(secret) });
        (await web.PostAsync("/api/users/me/api_keys", new { permissions = "read,withdraw", totp = "123456" == AccountHttp.Code(secret, 1) ? "654321" : "123456" }))
            .Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await web.PostAsync("/api/users/me/api_keys", new { permissions = "read,withdraw", totp = AccountHttp.Code(secret, 1) })).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Neither_the_password_nor_the_totp_secret_nor_a_session_token_is_stored_in_plaintext()
    {
        using var web = await SignedInAsync("grace@example.com");
        var secret = (await web.PostAsync("/api/users/me/totp")).Body.GetProperty("secret").GetString()!;
        await web.PostAsync("/api/users/me/totp", new { code = AccountHttp.Code(secret) });
        var token = web.Cookies.GetCookies(new Uri(_server.Url))[Sessions.CookieName]!.Value;

        SqliteConnection.ClearAllPools();
        var bytes = Directory.GetFiles(_server.DataFolder, "kinko.db*").SelectMany(File.ReadAllBytes).ToArray();
        var stored = Encoding.Latin1.GetString(bytes);

        stored.ShouldContain("grace@example.com");
        stored.ShouldContain("$argon2id$v=19$m=65536,t=3,p=1$");
        stored.ShouldNotContain(Password);
        stored.ShouldNotContain(token);
        stored.ShouldNotContain(Encoding.Latin1.GetString(Kinko.Secrets.Base32.TryDecode(secret)!));
    }

    private Task<AccountHttp> SignedInAsync(string email) => AccountHttp.SignedUpAsync(_server.Url, email, Password);
}
