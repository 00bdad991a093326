using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Kinko.Bench.Api;

/// <summary>The server refused to set up the load (a wrong admin token, an unknown market): the message says what it answered.</summary>
public sealed class ApiBenchSetupException(string message) : Exception(message);

/// <summary>A customer the load runs as: its API key and secret.</summary>
public sealed record ApiBenchAccount(string Email, string Key, string Secret);

/// <summary>
/// Makes the load's customers through the server's admin API, as an operator would: a user, a
/// read+trade key, JPY to place orders with, and the market-maker rate tier.
/// </summary>
public static class ApiBenchAccounts
{
    /// <summary>JPY credited to each account (enough for one open order at any demo price).</summary>
    public const string JpyPerAccount = "100000000";

    public static async Task<IReadOnlyList<ApiBenchAccount>> CreateAsync(Uri server, string adminToken, int count, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var accounts = new List<ApiBenchAccount>(count);
        for (var i = 0; i < count; i++)
        {
            var email = string.Create(CultureInfo.InvariantCulture, $"bench-{run}-{i}@bench.kinko.local");
            await PostAsync(http, "users", new { email, password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) }).ConfigureAwait(false);
            await PostAsync(http, "credits", new { email, asset = "JPY", amount = JpyPerAccount, reference = $"bench-{run}-{i}-jpy", reason = "kinko bench api" }).ConfigureAwait(false);
            await PostAsync(http, "rate_tiers", new { email, tier = "market_maker" }).ConfigureAwait(false);
            var key = await PostAsync(http, "api_keys", new { email, permissions = new[] { "read", "trade" } }).ConfigureAwait(false);
            accounts.Add(new ApiBenchAccount(email, key.GetProperty("key").GetString()!, key.GetProperty("secret").GetString()!));
            progress?.Report(i + 1);
        }

        return accounts;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/admin/api/" + path, UriKind.Relative), body).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode == System.Net.HttpStatusCode.Unauthorized
                ? " (check --admin-token, KINKO_ADMIN_TOKEN or the data folder's admin.token: the token of the running server)"
                : "";
            throw new ApiBenchSetupException($"the admin API refused {path}: {(int)response.StatusCode} {text}{hint}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
