using Kinko.Server.Workers;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests;

/// <summary><c>kinko serve --demo</c> as a user starts it: what it prints the first time and after a restart.</summary>
public sealed class DemoCliTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    private readonly TempDirectory _folder = new("kinko-demo-cli");

    private string Data => _folder.Combine("data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Serve_help_describes_the_demo_flag()
    {
        var result = await KinkoCli.RunAsync(_folder.Path, null, Limit, "serve", "--help");

        result.ExitCode.ShouldBe(0);
        result.StandardOutput.ShouldContain("--demo");
        result.StandardOutput.ShouldContain("demo-login.txt");
        result.StandardOutput.ShouldContain("KINKO_DEMO");
    }

    [Fact]
    public async Task The_first_start_prints_the_password_and_key_once_and_a_restart_points_to_the_login_file()
    {
        string firstOutput;
        using (var first = KinkoCli.Start(_folder.Path, new Dictionary<string, string> { ["KINKO_DEMO"] = "true" }, (string?)null, "serve", "--data", Data, "--urls", "http://127.0.0.1:0", "--demo-interval", "100"))
        {
            (await first.WaitForLineAsync(l => l.StartsWith("Press Ctrl+C", StringComparison.Ordinal)).WaitAsync(Limit)).ShouldNotBeNull(first.Describe());
            firstOutput = first.StandardOutput;
            first.Terminate();
            (await first.WaitForExitAsync(Limit)).ShouldBeTrue(first.Describe());
            first.ExitCode.ShouldBe(0, first.Describe());
        }

        var login = DemoLoginFile.Read(Data)!;
        firstOutput.ShouldContain("log in:  demo@kinko.local");
        firstOutput.ShouldContain($"password: {login.Password}");
        firstOutput.ShouldContain($"API key: {login.ApiKey}  secret: {login.ApiSecret}");

        using var second = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0", "--demo", "--demo-interval", "100");
        (await second.WaitForLineAsync(l => l.StartsWith("Press Ctrl+C", StringComparison.Ordinal)).WaitAsync(Limit)).ShouldNotBeNull(second.Describe());
        second.StandardOutput.ShouldContain("password and API key: in " + DemoLoginFile.PathIn(Data));
        second.StandardOutput.ShouldNotContain(login.Password);
        second.StandardOutput.ShouldNotContain(login.ApiSecret!);
        second.Terminate();
        (await second.WaitForExitAsync(Limit)).ShouldBeTrue(second.Describe());
    }

    [Fact]
    public async Task A_kinko_demo_value_that_is_not_true_or_false_stops_serve_naming_it()
    {
        var result = await KinkoCli.RunAsync(_folder.Path, new Dictionary<string, string> { ["KINKO_DEMO"] = "maybe" }, Limit, "serve", "--data", Data);

        result.ExitCode.ShouldBe(2);
        result.StandardError.ShouldContain("KINKO_DEMO");
    }
}
