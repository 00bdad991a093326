using System.CommandLine;
using Kinko.Server.Accounts;
using Spectre.Console;

namespace Kinko.Cli.Commands;

/// <summary>
/// Runs an admin command on an <see cref="AdminSession"/> and turns refusals into the CLI's contract:
/// the message names the flag (<c>--email: …</c>); exit code 2 for bad input, 3 for a refused
/// business rule (a taken email, a reused reference), 1 for anything else.
/// </summary>
internal static class AdminCommandRunner
{
    public const int BadInput = 2;
    public const int Refused = 3;

    /// <summary>Runs a command on existing data: a data folder without Kinko's store is refused (a mistyped <c>--data</c> must not create one).</summary>
    public static Task<int> RunAsync(ParseResult parse, Option<string> data, Option<string?> postgres, Func<AdminSession, Task> work) =>
        RunAsync(parse, data, postgres, work, mayCreateStore: false);

    /// <summary>Runs a command that may start a new data folder (creating the first user or operator).</summary>
    public static Task<int> RunCreatingAsync(ParseResult parse, Option<string> data, Option<string?> postgres, Func<AdminSession, Task> work) =>
        RunAsync(parse, data, postgres, work, mayCreateStore: true);

    private static async Task<int> RunAsync(ParseResult parse, Option<string> data, Option<string?> postgres, Func<AdminSession, Task> work, bool mayCreateStore)
    {
        var folder = parse.GetValue(data)!;
        var connectionString = parse.GetValue(postgres);
        if (!mayCreateStore && connectionString is null && !File.Exists(Path.Combine(folder, Kinko.Storage.SqliteLedgerStore.FileName)))
        {
            await Console.Error.WriteLineAsync(
                $"kinko: --data: no Kinko data in '{folder}' (no {Kinko.Storage.SqliteLedgerStore.FileName}); give the folder of your `kinko serve`, or create a user there first").ConfigureAwait(false);
            return BadInput;
        }

        try
        {
            using var session = await AdminSession.OpenAsync(folder, connectionString).ConfigureAwait(false);
            await work(session).ConfigureAwait(false);
            return 0;
        }
        catch (AccountException e)
        {
            await Console.Error.WriteLineAsync($"kinko: {Flag(e.Field)}: {e.Reason}").ConfigureAwait(false);
            return e.Status switch
            {
                400 or 404 or 413 => BadInput,
                409 => Refused,
                _ => 1,
            };
        }
    }

    /// <summary>The password: standard input when it is redirected (one line, the newline dropped), else a hidden prompt.</summary>
    public static string ReadPassword()
    {
        if (!Console.IsInputRedirected)
        {
            var first = AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
            var again = AnsiConsole.Prompt(new TextPrompt<string>("Again:").Secret());
            return first == again ? first : throw new AccountException("password", "the two entries differ");
        }

        var text = Console.In.ReadToEnd();
        var line = text.Split('\n')[0].TrimEnd('\r');
        return line.Length > 0 ? line : throw new AccountException("password", "is required on standard input");
    }

    /// <summary>Turns a comma-separated option value into a list; null for none.</summary>
    public static IReadOnlyList<string>? List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Flag(string field) => field switch
    {
        "password" => "password (standard input)",
        "email" or "asset" or "amount" or "reference" or "reason" or "permissions" or "ip_allow" or "key" or "tier" => "--" + field.Replace('_', '-'),
        _ => field,
    };
}
