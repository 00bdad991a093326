using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests;

/// <summary>Two-factor recovery codes: given once at confirmation, each works once at login, renewed with a fresh code, never stored in plaintext.</summary>
public sealed class RecoveryCodeTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("kinko-recovery");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Confirming_two_factor_gives_ten_codes_and_each_logs_in_once_in_place_of_a_code()
    {
        using var web = await SignUpAsync("dora@example.com");
        var (_, codes) = await web.EnrolTotpAsync();

        codes.Count.ShouldBe(10);
        codes.Distinct().Count().ShouldBe(10);
        codes.ShouldAllBe(c => c.Length == 11 && c[5] == '-');
        (await LogInAsync("dora@example.com", codes[0].ToUpperInvariant())).ShouldBe(HttpStatusCode.OK);
        var (status, body) = await PostLoginAsync("dora@example.com", codes[0]);
        status.ShouldBe(HttpStatusCode.Unauthorized);
        body.GetProperty("error").GetString().ShouldBe("totp: wrong or already used code");
        (await LogInAsync("dora@example.com", "zzzzz-zzzzz")).ShouldBe(HttpStatusCode.Unauthorized);
        (await web.SendAsync(HttpMethod.Get, "/api/users/me")).Body.GetProperty("recovery_codes_left").GetInt32().ShouldBe(9);
    }

    [Fact]
    public async Task Renewed_codes_replace_the_old_ones_and_renewal_needs_a_fresh_code()
    {
        using var web = await SignUpAsync("eve@example.com");
        var (secret, old) = await web.EnrolTotpAsync();

        var (refused, error) = await web.PostAsync("/api/users/me/recovery_codes");
        refused.ShouldBe(HttpStatusCode.Unauthorized);
        error.GetProperty("error").GetString().ShouldBe("totp: a code from the authenticator app is required");
        var (status, body) = await web.PostAsync("/api/users/me/recovery_codes", new { totp = AccountHttp.Code(secret, 1) });

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        var renewed = AccountHttp.RecoveryCodes(body);
        renewed.Count.ShouldBe(10);
        renewed.Intersect(old).ShouldBeEmpty();
        (await LogInAsync("eve@example.com", old[1])).ShouldBe(HttpStatusCode.Unauthorized);
        (await LogInAsync("eve@example.com", renewed[1])).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_codes_at_renewal_count_towards_the_lock_out()
    {
        using var web = await SignUpAsync("gus@example.com");
        var (secret, _) = await web.EnrolTotpAsync();
        var wrong = AccountHttp.Code(secret, 1) == "000000" ? "111111" : "000000";

        for (var i = 0; i < Kinko.Server.Accounts.LockoutPolicy.MaxFailedLogins - 1; i++)
        {
            (await web.PostAsync("/api/users/me/recovery_codes", new { totp = wrong })).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var (status, body) = await web.PostAsync("/api/users/me/recovery_codes", new { totp = wrong });
        status.ShouldBe(HttpStatusCode.Forbidden);
        body.GetProperty("error").GetString()!.ShouldStartWith("email: locked");
        (await web.PostAsync("/api/users/me/recovery_codes", new { totp = AccountHttp.Code(secret, 1) })).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Recovery_codes_are_stored_only_as_hashes()
    {
        using var web = await SignUpAsync("fay@example.com");
        var (_, codes) = await web.EnrolTotpAsync();

        SqliteConnection.ClearAllPools();
        var stored = Encoding.Latin1.GetString([.. Directory.GetFiles(_server.DataFolder, "kinko.db*").SelectMany(File.ReadAllBytes)]);

        stored.ShouldContain("fay@example.com");
        foreach (var code in codes)
        {
            stored.ShouldNotContain(code);
            stored.ShouldNotContain(code.Replace("-", "", StringComparison.Ordinal));
        }
    }

    private Task<AccountHttp> SignUpAsync(string email) => AccountHttp.SignedUpAsync(_server.Url, email, Password);

    private async Task<HttpStatusCode> LogInAsync(string email, string totp) => (await PostLoginAsync(email, totp)).Status;

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostLoginAsync(string email, string totp)
    {
        using var web = new AccountHttp(_server.Url);
        return await web.PostAsync("/api/sessions", new { email, password = Password, totp });
    }
}
