using System.Net;
using System.Text.RegularExpressions;
using Kinko.Server;
using Kinko.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests;

/// <summary>The <c>kinko</c> command as a user runs it: a child process, its exit code and output.</summary>
public sealed partial class CliTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    /// <summary>Every command; the help walk below must find exactly these.</summary>
    private static readonly string[][] AllCommands =
    [
        ["serve"],
        ["ledger"],
        ["ledger", "accounts"],
        ["ledger", "trial-balance"],
        ["bench"],
        ["bench", "ledger"],
        ["bench", "engine"],
        ["bench", "api"],
        ["drill"],
        ["drill", "ledger-writer"],
        ["drill", "trading"],
        ["users"],
        ["users", "create"],
        ["apikeys"],
        ["apikeys", "create"],
        ["apikeys", "list"],
        ["apikeys", "disable"],
        ["apikeys", "enable"],
        ["operators"],
        ["operators", "create"],
        ["admin"],
        ["admin", "credit"],
        ["admin", "tier"],
    ];

    private readonly TempDirectory _folder = new("kinko-cli");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static TheoryData<string> Commands => [.. AllCommands.Select(c => string.Join(' ', c))];

    private string Data => _folder.Combine("data");

    public void Dispose()
    {
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Help_lists_the_top_level_commands()
    {
        var result = await RunAsync("--help");

        result.ExitCode.ShouldBe(0, result.Describe());
        SubcommandsIn(result.StandardOutput).ShouldBe(["serve", "ledger", "bench", "drill", "users", "apikeys", "operators", "admin"], ignoreOrder: true);
        result.StandardOutput.ShouldContain("Usage:");
        result.StandardError.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_answers_help_with_a_usage_text(string command)
    {
        var result = await RunAsync([.. command.Split(' '), "--help"]);

        result.ExitCode.ShouldBe(0, result.Describe());
        result.StandardError.ShouldBeEmpty();
        result.StandardOutput.ShouldContain("Usage:");
        result.StandardOutput.ShouldContain($"kinko {command}");
        result.StandardOutput.ShouldContain("Description:");
    }

    [Fact]
    public async Task Walking_help_from_the_root_finds_exactly_the_known_commands()
    {
        var found = new List<string>();
        var queue = new Queue<string[]>([[]]);
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            var result = await RunAsync([.. path, "--help"]);
            result.ExitCode.ShouldBe(0, result.Describe());
            foreach (var sub in SubcommandsIn(result.StandardOutput))
            {
                string[] child = [.. path, sub];
                found.Add(string.Join(' ', child));
                queue.Enqueue(child);
            }
        }

        found.ShouldBe(AllCommands.Select(c => string.Join(' ', c)), ignoreOrder: true);
    }

    [Fact]
    public async Task Bench_engine_refuses_a_missing_workload_naming_the_flag()
    {
        var result = await RunAsync("bench", "engine", "--workload", Path.Combine(Data, "no-such.csv"));

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("--workload");
        result.StandardError.ShouldContain("does not exist");
    }

    [Theory]
    [InlineData("https://127.0.0.1:5000")]
    [InlineData("http://10.0.0.1:5000")]
    [InlineData("http://127.0.0.1:5000/api")]
    public async Task Bench_api_refuses_a_url_that_is_not_a_plain_loopback_address_naming_url(string url)
    {
        var result = await RunAsync("bench", "api", "--url", url, "--admin-token", "t");

        result.ExitCode.ShouldBe(2, result.Describe());
        result.StandardError.ShouldContain("--url: must be a plain http URL of a loopback server");
    }

    [Fact]
    public async Task Bench_api_says_when_no_server_answers_without_a_stack_trace()
    {
        var port = LoopbackPorts.FindFree(); // nothing listens on it

        var result = await RunAsync("bench", "api", "--url", $"http://127.0.0.1:{port}", "--admin-token", "t", "--orders", "1", "--concurrency", "1");

        result.ExitCode.ShouldBe(1, result.Describe());
        result.StandardError.ShouldContain($"cannot reach http://127.0.0.1:{port}/");
        result.StandardError.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Serve_on_a_data_folder_another_process_holds_names_data_without_a_stack_trace()
    {
        using var folder = new TempDirectory("kinko-held");
        using var held = Kinko.Storage.DataFolderLock.Acquire(folder.Path);

        var result = await RunAsync("serve", "--data", folder.Path, "--urls", "http://127.0.0.1:0");

        result.ExitCode.ShouldBe(2, result.Describe());
        result.StandardError.ShouldContain("--data: the data folder");
        result.StandardError.ShouldContain("in use by another Kinko process");
        result.StandardError.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task A_command_on_a_mistyped_data_folder_names_data_and_creates_nothing()
    {
        using var folder = new TempDirectory("kinko-typo");
        var typo = Path.Combine(folder.Path, "no-such-folder");

        var result = await RunAsync("apikeys", "list", "--email", "nobody@example.com", "--data", typo);

        result.ExitCode.ShouldBe(2, result.Describe());
        result.StandardError.ShouldContain("--data: no Kinko data in");
        Directory.Exists(typo).ShouldBeFalse();
    }

    [Fact]
    public async Task Bench_engine_refuses_a_window_of_zero_naming_window()
    {
        var result = await RunAsync("bench", "engine", "--workload", "x.csv", "--durable", "--window", "0");

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("--window");
    }

    [Fact]
    public async Task Bench_ledger_refuses_a_batch_of_zero_naming_batch()
    {
        var result = await RunAsync("bench", "ledger", "--batch", "0", "--transfers", "10", "--accounts", "5", "--data", Data);

        result.ExitCode.ShouldNotBe(0, result.Describe());
        result.StandardError.ShouldContain("--batch");
        Directory.Exists(Data).ShouldBeFalse("nothing may run when the options are refused");
    }

    [Fact]
    public async Task Bench_ledger_refuses_only_the_bad_option_not_those_left_at_their_defaults()
    {
        var result = await RunAsync("bench", "ledger", "--batch", "0");

        result.ExitCode.ShouldNotBe(0, result.Describe());
        result.StandardError.ShouldContain("--batch");
        result.StandardError.ShouldNotContain("--transfers");
        result.StandardError.ShouldNotContain("--accounts");
    }

    [Fact]
    public async Task Bench_ledger_refuses_an_unknown_store_naming_store()
    {
        var result = await RunAsync("bench", "ledger", "--store", "mysql", "--transfers", "10", "--accounts", "5", "--batch", "5", "--data", Data);

        result.ExitCode.ShouldNotBe(0, result.Describe());
        result.StandardError.ShouldContain("--store");
        result.StandardError.ShouldContain("mysql");
        Directory.Exists(Data).ShouldBeFalse("nothing may run when the options are refused");
    }

    [Fact]
    public async Task Bench_ledger_runs_with_the_default_batch()
    {
        var result = await RunAsync("bench", "ledger", "--transfers", "500", "--accounts", "20", "--naive", "0");

        result.ExitCode.ShouldBe(0, result.Describe());
        result.StandardOutput.ShouldContain("transfers/s");
    }

    [Fact]
    public async Task Bench_ledger_on_a_temporary_sqlite_folder_reports_its_rates_and_a_zero_trial_balance()
    {
        var temp = _folder.Combine("tmp");
        Directory.CreateDirectory(temp);

        var result = await RunAsync(
            new Dictionary<string, string> { ["TMPDIR"] = temp },
            "bench", "ledger", "--transfers", "2000", "--accounts", "50", "--batch", "100", "--naive", "10");

        result.ExitCode.ShouldBe(0, result.Describe());
        result.StandardOutput.ShouldContain("transfers/s");
        result.StandardOutput.ShouldContain("zero per asset");
        result.StandardOutput.ShouldContain("synchronous=full");
        result.StandardOutput.ShouldContain("journal_mode=wal");
        result.StandardOutput.ShouldNotContain("NOT ZERO");
        Directory.GetFileSystemEntries(temp).ShouldBeEmpty("the bench deletes its temporary data folder");
    }

    [Fact]
    public async Task Ledger_commands_read_a_folder_the_drill_wrote()
    {
        var drill = await RunAsync("drill", "ledger-writer", "--data", Data, "--transfers", "400", "--seed", "3");
        drill.ExitCode.ShouldBe(0, drill.Describe());
        var acks = drill.StandardOutput.Split('\n').Count(l => l.StartsWith("ack ", StringComparison.Ordinal));
        acks.ShouldBeGreaterThan(300);

        var trialBalance = await RunAsync("ledger", "trial-balance", "--data", Data);

        trialBalance.ExitCode.ShouldBe(0, trialBalance.Describe());
        trialBalance.StandardOutput.ShouldContain("JPY");
        trialBalance.StandardOutput.ShouldContain("yes");
        trialBalance.StandardOutput.ShouldNotContain("NO");
        trialBalance.StandardOutput.ShouldContain($"ledger position {acks}");

        var accounts = await RunAsync("ledger", "accounts", "--data", Data);

        accounts.ExitCode.ShouldBe(0, accounts.Describe());
        accounts.StandardOutput.Split('\n').Count(l => l.Contains("│ JPY ", StringComparison.Ordinal)).ShouldBe(21);
    }

    [Fact]
    public async Task Serve_prints_its_address_answers_health_and_stops_cleanly_on_sigterm()
    {
        using var server = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0");
        var url = await WaitForAddressAsync(server);

        using (var response = await _http.GetAsync(new Uri(new Uri(url), "/health")))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).ShouldContain("\"status\":\"ok\"");
        }

        var announced = ServerAddressFile.Read(Data).ShouldNotBeNull();
        announced.Url.ShouldBe(url);
        announced.ProcessId.ShouldBe(server.Id);

        server.Terminate();
        (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue(server.Describe());
        server.ExitCode.ShouldBe(0, server.Describe());
        File.Exists(Path.Combine(Data, ServerAddressFile.FileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task Serve_killed_with_sigkill_can_start_again_on_the_same_folder()
    {
        string firstUrl;
        using (var first = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0"))
        {
            firstUrl = await WaitForAddressAsync(first);
            first.Kill();
        }

        // The stale address file is left behind; the lock died with the process.
        ServerAddressFile.Read(Data).ShouldNotBeNull().Url.ShouldBe(firstUrl);

        using var second = KinkoCli.Start(_folder.Path, "serve", "--data", Data, "--urls", "http://127.0.0.1:0");
        var url = await WaitForAddressAsync(second);
        (await _http.GetAsync(new Uri(new Uri(url), "/health"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        ServerAddressFile.Read(Data).ShouldNotBeNull().ProcessId.ShouldBe(second.Id);
    }

    [Fact]
    public async Task Commands_on_a_folder_a_server_is_using_fail_saying_so()
    {
        var app = KinkoServer.Build(new ServerOptions { DataFolder = Data, Urls = "http://127.0.0.1:0" });
        try
        {
            await app.StartAsync();
            var url = KinkoServer.Addresses(app).ShouldHaveSingleItem();

            var trialBalance = await RunAsync("ledger", "trial-balance", "--data", Data);
            trialBalance.ExitCode.ShouldNotBe(0, trialBalance.Describe());
            trialBalance.StandardError.ShouldContain("in use");
            trialBalance.StandardError.ShouldContain(url);

            var serve = await RunAsync("serve", "--data", Data, "--urls", "http://127.0.0.1:0");
            serve.ExitCode.ShouldNotBe(0, serve.Describe());
            serve.StandardError.ShouldContain("in use");
            serve.StandardOutput.ShouldNotContain("Kinko is running");

            ServerAddressFile.Read(Data).ShouldNotBeNull().Url.ShouldBe(url);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static Task<string> WaitForAddressAsync(KinkoProcess server) => server.ServerAddressAsync(Limit);

    /// <summary>The names in the "Commands:" section of a help text.</summary>
    private static List<string> SubcommandsIn(string help)
    {
        var names = new List<string>();
        var inCommands = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.StartsWith("Commands:", StringComparison.Ordinal))
            {
                inCommands = true;
            }
            else if (inCommands && CommandLine().Match(line) is { Success: true } match)
            {
                names.Add(match.Groups[1].Value);
            }
            else if (inCommands && line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inCommands = false;
            }
        }

        return names;
    }

    [Fact]
    public async Task Kinko_json_in_the_current_folder_sets_the_data_folder_and_flags_override_it()
    {
        await File.WriteAllTextAsync(_folder.Combine("kinko.json"), "{ \"data\": \"from-config\" }");

        var fromConfig = await RunAsync("ledger", "trial-balance");
        var fromFlag = await RunAsync("ledger", "trial-balance", "--data", "from-flag");

        fromConfig.ExitCode.ShouldBe(0, fromConfig.Describe());
        File.Exists(_folder.Combine("from-config", "kinko.db")).ShouldBeTrue();
        fromFlag.ExitCode.ShouldBe(0, fromFlag.Describe());
        File.Exists(_folder.Combine("from-flag", "kinko.db")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("{ \"dta\": \"x\" }", "unknown setting 'dta'")]
    [InlineData("{ \"data\": 5 }", "'data' must be a string")]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("{ \"markets\": {} }", "'markets' must be an array")]
    [InlineData("{ \"markets\": [ { \"pair\": \"btc_jpy\" } ] }", "markets[0].tickSize is missing")]
    [InlineData("{ \"markets\": [ { \"pair\": \"btc_jpy\", \"tickSize\": \"1\", \"lotSize\": \"0.0001\", \"minAmount\": \"0.001\", \"makerFeeRate\": 0.002, \"takerFeeRate\": 0.001, \"priceBand\": 0 } ] }", "markets[btc_jpy].makerFeeRate")]
    [InlineData("{ \"markets\": [ { \"pair\": \"doge_jpy\", \"tickSize\": 1, \"lotSize\": 1, \"minAmount\": 1, \"makerFeeRate\": 0, \"takerFeeRate\": 0, \"priceBand\": 0 } ] }", "DOGE is not a configured asset")]
    public async Task A_bad_kinko_json_stops_the_command_naming_what_is_wrong(string contents, string reason)
    {
        await File.WriteAllTextAsync(_folder.Combine("kinko.json"), contents);

        var result = await RunAsync("ledger", "trial-balance");

        result.ExitCode.ShouldBe(2, result.Describe());
        result.StandardError.ShouldContain("kinko.json");
        result.StandardError.ShouldContain(reason);
        Directory.Exists(_folder.Combine("data")).ShouldBeFalse();
    }

    private Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    private Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        KinkoCli.RunAsync(_folder.Path, environment, Limit, arguments);

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*)(?:\s{2,}|$)")]
    private static partial Regex CommandLine();
}
