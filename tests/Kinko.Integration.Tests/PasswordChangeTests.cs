using System.Net;

namespace Kinko.Integration.Tests;

/// <summary>A signed-in user changes the password: checks, two-factor, the other sessions ended, bad input changing nothing.</summary>
public sealed class PasswordChangeTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private const string NewPassword = "staple battery horse correct";
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("kinko-password");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_new_password_logs_in_the_old_one_no_longer_and_every_other_session_ends()
    {
        using var web = await SignUpAsync("ada@example.com");
        using var laptop = await LogInAsync("ada@example.com", Password);

        var (status, body) = await web.PostAsync("/api/users/me/password", new { current_password = Password, new_password = NewPassword });

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        (await web.SendAsync(HttpMethod.Get, "/api/users/me")).Status.ShouldBe(HttpStatusCode.OK);
        (await laptop.SendAsync(HttpMethod.Get, "/api/users/me")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await TryLogInAsync("ada@example.com", Password)).ShouldBe(HttpStatusCode.Unauthorized);
        (await TryLogInAsync("ada@example.com", NewPassword)).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null, NewPassword, 400, "current_password: is required")]
    [InlineData(Password, null, 400, "new_password: is required")]
    [InlineData(Password, "short", 400, "new_password: must be 10 to 256 characters")]
    [InlineData(Password, Password, 400, "new_password: must differ from the current password")]
    [InlineData("not the password", NewPassword, 401, "current_password: wrong password")]
    public async Task Bad_input_is_refused_naming_the_field_and_changes_nothing(string? current, string? replacement, int expected, string error)
    {
        using var web = await SignUpAsync("bea@example.com");
        using var laptop = await LogInAsync("bea@example.com", Password);

        var (status, body) = await web.PostAsync("/api/users/me/password", new { current_password = current, new_password = replacement });

        ((int)status).ShouldBe(expected);
        body.GetProperty("success").GetBoolean().ShouldBeFalse();
        body.GetProperty("error").GetString()!.ShouldStartWith(error);
        (await laptop.SendAsync(HttpMethod.Get, "/api/users/me")).Status.ShouldBe(HttpStatusCode.OK);
        (await TryLogInAsync("bea@example.com", Password)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_two_factor_enrolled_a_fresh_code_is_needed()
    {
        using var web = await SignUpAsync("cy@example.com");
        var (secret, _) = await web.EnrolTotpAsync();

        var (status, body) = await web.PostAsync("/api/users/me/password", new { current_password = Password, new_password = NewPassword });

        status.ShouldBe(HttpStatusCode.Unauthorized);
        body.GetProperty("error").GetString().ShouldBe("totp: a code from the authenticator app is required");
        (status, body) = await web.PostAsync("/api/users/me/password", new { current_password = Password, new_password = NewPassword, totp = AccountHttp.Code(secret, 1) });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
    }

    [Fact]
    public async Task Without_a_session_the_change_is_refused()
    {
        using var web = new AccountHttp(_server.Url);

        var (status, body) = await web.PostAsync("/api/users/me/password", new { current_password = Password, new_password = NewPassword });

        status.ShouldBe(HttpStatusCode.Unauthorized);
        body.GetProperty("error").GetString()!.ShouldStartWith("session: not signed in");
    }

    private Task<AccountHttp> SignUpAsync(string email) => AccountHttp.SignedUpAsync(_server.Url, email, Password);

    private async Task<AccountHttp> LogInAsync(string email, string password)
    {
        var web = new AccountHttp(_server.Url);
        (await web.PostAsync("/api/sessions", new { email, password })).Status.ShouldBe(HttpStatusCode.OK);
        return web;
    }

    private async Task<HttpStatusCode> TryLogInAsync(string email, string password)
    {
        using var web = new AccountHttp(_server.Url);
        return (await web.PostAsync("/api/sessions", new { email, password })).Status;
    }
}
