using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kinko.Secrets;

namespace Kinko.Integration.Tests;

/// <summary>A browser-like client of the account and admin endpoints: keeps cookies, sends JSON, can carry a bearer token.</summary>
public sealed class AccountHttp : IDisposable
{
    private readonly HttpClientHandler _handler = new() { CookieContainer = new CookieContainer(), UseCookies = true };
    private readonly HttpClient _http;

    public AccountHttp(string url, string? bearer = null)
    {
        _http = new HttpClient(_handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }

    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>The Set-Cookie headers of the last answer.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object? body = null) =>
        SendAsync(HttpMethod.Post, path, body);

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.ToList() : [];
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Signs a new user up and logs in: a client holding the user's session cookie.</summary>
    public static async Task<AccountHttp> SignedUpAsync(string url, string email, string password)
    {
        var web = new AccountHttp(url);
        (await web.PostAsync("/api/users", new { email, password })).Status.ShouldBe(HttpStatusCode.Created);
        (await web.PostAsync("/api/sessions", new { email, password })).Status.ShouldBe(HttpStatusCode.OK);
        return web;
    }

    /// <summary>Enrols the signed-in user in two-factor: the secret, and the recovery codes the confirmation gave.</summary>
    public async Task<(string Secret, List<string> RecoveryCodes)> EnrolTotpAsync()
    {
        var secret = (await PostAsync("/api/users/me/totp")).Body.GetProperty("secret").GetString()!;
        var (status, body) = await PostAsync("/api/users/me/totp", new { code = Code(secret) });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return (secret, RecoveryCodes(body));
    }

    /// <summary>The <c>recovery_codes</c> of an answer.</summary>
    public static List<string> RecoveryCodes(JsonElement body) => [.. body.GetProperty("recovery_codes").EnumerateArray().Select(c => c.GetString()!)];

    /// <summary>The code a user's authenticator app shows <paramref name="stepsAhead"/> steps from now.</summary>
    public static string Code(string base32Secret, int stepsAhead = 0) =>
        Totp.Code(Base32.TryDecode(base32Secret)!, Totp.Step(DateTimeOffset.UtcNow) + stepsAhead);

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }
}
