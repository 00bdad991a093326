using System.Net;
using Kinko.Server.Admin;
using Kinko.Server.Api.Auth;
using Kinko.Storage;

namespace Kinko.Integration.Tests;

/// <summary>The admin API through a real loopback server: its own authentication, users, keys and audited credits.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private ApiServer _server = null!;

    public static TheoryData<string, string> ProtectedEndpoints
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (method, path) in AdminEndpoints.Protected)
            {
                data.Add(method, AdminEndpoints.Prefix + path);
            }

            return data;
        }
    }

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync("kinko-admin");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Every_admin_endpoint_refuses_a_request_without_the_admin_token(string method, string path)
    {
        using var anonymous = new AccountHttp(_server.Url);
        using var wrong = new AccountHttp(_server.Url, bearer: "not-the-token");
        var body = new { email = "x@example.com", password = Password, permissions = "read", asset = "JPY", amount = "1", reference = "r", reason = "r" };

        foreach (var client in new[] { anonymous, wrong })
        {
            var (status, answer) = await client.SendAsync(new HttpMethod(method), path, body);
            status.ShouldBe(HttpStatusCode.Unauthorized);
            answer.GetProperty("error").GetString()!.ShouldStartWith("authorization: ");
        }

        _server.Get<SqlAdminAudit>().Latest(10).ShouldBeEmpty();
    }

    [Fact]
    public void The_admin_token_file_is_private_to_the_server_s_user()
    {
        var path = Path.Combine(_server.DataFolder, AdminTokenFile.FileName);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task With_the_token_an_operator_creates_a_user_and_a_key_and_a_credit_shows_in_the_public_api_once()
    {
        using var admin = new AccountHttp(_server.Url, AdminTokenFile.Read(_server.DataFolder));
        var (created, user) = await admin.PostAsync("/admin/api/users", new { email = "Hana@Example.com", password = Password });
        created.ShouldBe(HttpStatusCode.Created, user.ToString());
        var (_, key) = await admin.PostAsync("/admin/api/api_keys", new { email = "hana@example.com", permissions = "read" });
        var apiKey = (key.GetProperty("key").GetString()!, key.GetProperty("secret").GetString()!);
        var credit = new { email = "hana@example.com", asset = "BTC", amount = "0.5", reference = "refund-2026-11-28-1", reason = "refund of a failed deposit" };

        var (first, firstBody) = await admin.PostAsync("/admin/api/credits", credit);
        var (again, againBody) = await admin.PostAsync("/admin/api/credits", credit);
        var (conflict, conflictBody) = await admin.PostAsync("/admin/api/credits", credit with { amount = "0.6" });
        var (overScale, overScaleBody) = await admin.PostAsync("/admin/api/credits", credit with { amount = "0.000000001", reference = "other" });

        first.ShouldBe(HttpStatusCode.Created, firstBody.ToString());
        again.ShouldBe(HttpStatusCode.OK);
        againBody.GetProperty("replayed").GetBoolean().ShouldBeTrue();
        againBody.GetProperty("ledger_position").GetInt64().ShouldBe(firstBody.GetProperty("ledger_position").GetInt64());
        conflict.ShouldBe(HttpStatusCode.Conflict);
        conflictBody.GetProperty("error").GetString()!.ShouldStartWith("reference: 'refund-2026-11-28-1' was already used for a different credit");
        overScale.ShouldBe(HttpStatusCode.BadRequest);
        overScaleBody.GetProperty("error").GetString()!.ShouldStartWith("amount: ");
        var (_, balance) = await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", apiKey);
        balance.GetProperty("btc").GetString().ShouldBe("0.5");

        var (_, list) = await admin.SendAsync(HttpMethod.Get, "/admin/api/users");
        list.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()).ShouldBe(["Hana@Example.com"]);
        var audit = _server.Get<SqlAdminAudit>().Latest(10);
        audit.Select(a => a.Action).ShouldBe(["create-user", "create-api-key", "credit", "credit", "credit"]);
        audit.ShouldAllBe(a => a.Actor == "admin-token");
        audit[2].Details.ShouldContain("\"reason\":\"refund of a failed deposit\"");
    }

    [Fact]
    public async Task An_operator_lists_a_customers_keys_and_a_disabled_key_is_refused_at_its_next_request()
    {
        using var admin = new AccountHttp(_server.Url, AdminTokenFile.Read(_server.DataFolder));
        await admin.PostAsync("/admin/api/users", new { email = "kai@example.com", password = Password });
        var (_, created) = await admin.PostAsync("/admin/api/api_keys", new { email = "kai@example.com", permissions = "read" });
        var apiKey = (created.GetProperty("key").GetString()!, created.GetProperty("secret").GetString()!);
        (await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", apiKey)).Status.ShouldBe(HttpStatusCode.OK);

        var (_, listed) = await admin.SendAsync(HttpMethod.Get, "/admin/api/api_keys?email=kai@example.com");
        var (disabled, _) = await admin.PostAsync("/admin/api/api_keys/disable", new { key = apiKey.Item1 });
        var refused = await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", apiKey);
        var (_, unknown) = await admin.PostAsync("/admin/api/api_keys/disable", new { key = "no-such-key" });
        await admin.PostAsync("/admin/api/api_keys/enable", new { key = apiKey.Item1 });

        var key = listed.GetProperty("keys").EnumerateArray().ShouldHaveSingleItem();
        key.GetProperty("key").GetString().ShouldBe(apiKey.Item1);
        key.GetProperty("enabled").GetBoolean().ShouldBeTrue();
        key.TryGetProperty("secret", out _).ShouldBeFalse();
        disabled.ShouldBe(HttpStatusCode.OK);
        refused.Status.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Body.GetProperty("error").GetString().ShouldBe(ApiKeys.DisabledKey);
        unknown.GetProperty("error").GetString()!.ShouldStartWith("key: ");
        (await _server.SendAsync(HttpMethod.Get, "/api/accounts/balance", apiKey)).Status.ShouldBe(HttpStatusCode.OK);
        _server.Get<SqlAdminAudit>().Latest(2).Select(a => a.Action).ShouldBe(["disable-api-key", "enable-api-key"]);
    }

    [Fact]
    public async Task An_operator_logs_in_with_password_and_totp_and_its_bearer_token_opens_the_admin_api()
    {
        using var cli = new AccountHttp(_server.Url, AdminTokenFile.Read(_server.DataFolder));
        var (_, created) = await cli.PostAsync("/admin/api/operators", new { email = "ops@example.com", password = Password });
        var secret = created.GetProperty("totp_secret").GetString()!;
        created.GetProperty("otp_auth_uri").GetString()!.ShouldStartWith("otpauth://totp/Kinko:ops%40example.com?secret=" + secret);

        using var anonymous = new AccountHttp(_server.Url);
        (await anonymous.PostAsync("/admin/api/sessions", new { email = "ops@example.com", password = Password })).Body
            .GetProperty("error").GetString().ShouldBe("totp: a code from the authenticator app is required");
        var (status, session) = await anonymous.PostAsync("/admin/api/sessions", new { email = "ops@example.com", password = Password, totp = AccountHttp.Code(secret) });
        status.ShouldBe(HttpStatusCode.OK, session.ToString());

        using var operatorClient = new AccountHttp(_server.Url, session.GetProperty("token").GetString());
        (await operatorClient.PostAsync("/admin/api/users", new { email = "ivan@example.com", password = Password })).Status.ShouldBe(HttpStatusCode.Created);
        _server.Get<SqlAdminAudit>().Latest(1).ShouldHaveSingleItem().Actor.ShouldBe("operator:1:ops@example.com");
        (await operatorClient.SendAsync(HttpMethod.Delete, "/admin/api/sessions")).Status.ShouldBe(HttpStatusCode.OK);
        (await operatorClient.SendAsync(HttpMethod.Get, "/admin/api/users")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_audit_log_refuses_changes()
    {
        using var admin = new AccountHttp(_server.Url, AdminTokenFile.Read(_server.DataFolder));
        await admin.PostAsync("/admin/api/users", new { email = "judy@example.com", password = Password });
        var store = (SqlLedgerStore)_server.Get<Kinko.Ledger.ILedgerStore>();

        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM admin_audit";
        Should.Throw<Exception>(() => command.ExecuteNonQuery()).Message.ShouldContain("append-only");
    }
}
