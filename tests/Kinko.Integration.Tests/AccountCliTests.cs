using System.Net;
using System.Text.Json;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests;

/// <summary>The account commands of the real <c>kinko</c> CLI, against a running <c>kinko serve</c> and against a folder no server runs on.</summary>
public sealed class AccountCliTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _folder = new("kinko-account-cli");
    private readonly ApiClientNonce _nonce = new();

    private string Data => _folder.Combine("data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Against_a_running_server_the_commands_go_through_its_admin_api_and_show_in_the_public_api_at_once()
    {
        using var server = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0");
        var url = await WaitForAddressAsync(server);

        var user = await RunAsync("correct horse battery\n", "users", "create", "--email", "mika@example.com", "--data", Data);
        user.ExitCode.ShouldBe(0, user.Describe());
        user.StandardOutput.ShouldContain("through the server at " + url);
        var key = await CreateKeyAsync();
        var credit = await RunAsync(null, [.. Credit("1500.25", "ticket-1")]);
        credit.ExitCode.ShouldBe(0, credit.Describe());
        credit.StandardOutput.ShouldContain("credited 1500.25 JPY to mika@example.com");

        (await BalanceAsync(url, key)).ShouldBe("1500.25");

        var again = await RunAsync(null, [.. Credit("1500.25", "ticket-1")]);
        again.ExitCode.ShouldBe(0, again.Describe());
        again.StandardOutput.ShouldContain("already credited under reference ticket-1");
        var conflict = await RunAsync(null, [.. Credit("99", "ticket-1")]);
        conflict.ExitCode.ShouldBe(3, conflict.Describe());
        conflict.StandardError.ShouldContain("--reference: 'ticket-1' was already used for a different credit");
        var overScale = await RunAsync(null, [.. Credit("0.00001", "ticket-2")]);
        overScale.ExitCode.ShouldBe(2, overScale.Describe());
        overScale.StandardError.ShouldContain("--amount: ");
        (await BalanceAsync(url, key)).ShouldBe("1500.25");

        var operators = await RunAsync("another long password\n", "operators", "create", "--email", "ops@example.com", "--data", Data);
        operators.ExitCode.ShouldBe(0, operators.Describe());
        operators.StandardOutput.ShouldContain("otpauth://totp/Kinko:ops%40example.com?secret=");
    }

    [Fact]
    public async Task Without_a_server_the_commands_open_the_store_and_a_server_started_later_sees_what_they_did()
    {
        var user = await RunAsync("correct horse battery\n", "users", "create", "--email", "mika@example.com", "--data", Data);
        user.ExitCode.ShouldBe(0, user.Describe());
        user.StandardOutput.ShouldContain("in the store");
        var key = await CreateKeyAsync();
        var credit = await RunAsync(null, [.. Credit("0.001", "ticket-1", asset: "BTC")]);
        credit.ExitCode.ShouldBe(0, credit.Describe());
        (await RunAsync(null, [.. Credit("0.002", "ticket-1", asset: "BTC")])).ExitCode.ShouldBe(3);

        using var server = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0");
        var url = await WaitForAddressAsync(server);

        (await BalanceAsync(url, key, "btc")).ShouldBe("0.001");
    }

    [Fact]
    public async Task Apikeys_list_shows_a_users_keys_without_secrets_and_disable_stops_a_key_at_once()
    {
        using var server = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0");
        var url = await WaitForAddressAsync(server);
        (await RunAsync("correct horse battery\n", "users", "create", "--email", "mika@example.com", "--data", Data)).ExitCode.ShouldBe(0);
        var key = await CreateKeyAsync();

        var listed = await RunAsync(null, "apikeys", "list", "--email", "mika@example.com", "--data", Data);
        var disabled = await RunAsync(null, "apikeys", "disable", "--key", key.Key, "--data", Data);

        listed.ExitCode.ShouldBe(0, listed.Describe());
        listed.StandardOutput.ShouldContain(key.Key);
        listed.StandardOutput.ShouldNotContain(key.Secret);
        disabled.ExitCode.ShouldBe(0, disabled.Describe());
        disabled.StandardOutput.ShouldContain($"API key {key.Key} is disabled");
        var refused = await CaughtAsync(() => BalanceAsync(url, key));
        refused.ShouldNotBeNull("a disabled key must be refused").Message.ShouldContain("disabled API Key");
        var enabled = await RunAsync(null, "apikeys", "enable", "--key", key.Key, "--data", Data);
        enabled.ExitCode.ShouldBe(0, enabled.Describe());
        enabled.StandardOutput.ShouldContain("is enabled (through the server");
        (await BalanceAsync(url, key)).ShouldBe("0");
    }

    [Theory]
    [InlineData("--email", "not-an-address")]
    [InlineData("--permissions", "read,fly")]
    [InlineData("--ip-allow", "somewhere")]
    public async Task Apikeys_create_refuses_bad_input_naming_the_flag_with_exit_code_2(string flag, string value)
    {
        var arguments = new Dictionary<string, string> { ["--email"] = "mika@example.com", ["--permissions"] = "read", ["--ip-allow"] = "127.0.0.1" };
        arguments[flag] = value;
        (await RunAsync("correct horse battery\n", "users", "create", "--email", "mika@example.com", "--data", Data)).ExitCode.ShouldBe(0);

        var result = await RunAsync(null, ["apikeys", "create", .. arguments.SelectMany(a => new[] { a.Key, a.Value }), "--data", Data]);

        result.ExitCode.ShouldBe(2, result.Describe());
        result.StandardError.ShouldContain(flag + ": ");
    }

    [Fact]
    public async Task A_missing_required_flag_or_a_short_password_is_bad_input()
    {
        var missing = await RunAsync(null, "admin", "credit", "--email", "a@example.com", "--data", Data);
        var shortPassword = await RunAsync("short\n", "users", "create", "--email", "a@example.com", "--data", Data);

        missing.ExitCode.ShouldBe(2, missing.Describe());
        missing.StandardError.ShouldContain("--asset");
        shortPassword.ExitCode.ShouldBe(2, shortPassword.Describe());
        shortPassword.StandardError.ShouldContain("password (standard input): must be 10 to 256 characters");
    }

    private static async Task<Exception?> CaughtAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (ShouldAssertException e)
        {
            return e;
        }
    }

    private string[] Credit(string amount, string reference, string asset = "JPY") =>
        ["admin", "credit", "--email", "mika@example.com", "--asset", asset, "--amount", amount, "--reference", reference, "--reason", "goodwill", "--data", Data];

    private async Task<(string Key, string Secret)> CreateKeyAsync()
    {
        var result = await RunAsync(null, "apikeys", "create", "--email", "MIKA@example.com", "--permissions", "read,trade", "--ip-allow", "127.0.0.1", "--json", "--data", Data);
        result.ExitCode.ShouldBe(0, result.Describe());
        using var json = JsonDocument.Parse(result.StandardOutput);
        return (json.RootElement.GetProperty("key").GetString()!, json.RootElement.GetProperty("secret").GetString()!);
    }

    private async Task<string> BalanceAsync(string url, (string Key, string Secret) key, string asset = "jpy")
    {
        using var http = new HttpClient();
        using var request = SignedRequest.Create(HttpMethod.Get, url + "/api/accounts/balance", key, _nonce.Next());
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty(asset).GetString()!;
    }

    private Task<ProcessResult> RunAsync(string? input, params string[] arguments) => KinkoCli.RunAsync(_folder.Path, null, input, Limit, arguments);

    private static Task<string> WaitForAddressAsync(KinkoProcess server) => server.ServerAddressAsync(Limit);

    /// <summary>Increasing nonces for the signed requests of one test.</summary>
    private sealed class ApiClientNonce
    {
        private long _last = 1_700_000_000_000;

        public long Next() => Interlocked.Increment(ref _last);
    }
}
