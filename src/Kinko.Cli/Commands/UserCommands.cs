using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko users create</c>, <c>kinko apikeys create</c>, <c>kinko operators create</c>.</summary>
internal static class UserCommands
{
    public static Command Users() => new("users", "Customers' accounts.") { CreateUser() };

    public static Command ApiKeys() => new("apikeys", "API keys of customers.") { CreateKey(), ListKeys(), SetKeyEnabled(enabled: false), SetKeyEnabled(enabled: true) };

    public static Command Operators() => new("operators", "Operators of the admin API (role admin).") { CreateOperator() };

    private static Option<string> Email(string description) => new("--email") { Description = description, Required = true };

    private static Command CreateUser()
    {
        var (data, postgres, email) = (CommonOptions.Data(), CommonOptions.Postgres(), Email("The user's email address (unique, case-insensitive)."));
        var command = new Command("create", "Create a user; the password is read from standard input (or prompted for).") { email, data, postgres };
        command.SetAction((parse, _) => AdminCommandRunner.RunCreatingAsync(parse, data, postgres, async session =>
        {
            var user = await session.CreateUserAsync(parse.GetValue(email)!, AdminCommandRunner.ReadPassword());
            Console.WriteLine($"user {user.Id} created: {user.Email} ({session.Where})");
        }));
        return command;
    }

    private static Command CreateKey()
    {
        var (data, postgres, email) = (CommonOptions.Data(), CommonOptions.Postgres(), Email("The email of the user the key is for."));
        var permissions = new Option<string>("--permissions") { Description = "Comma-separated: read, trade, withdraw.", Required = true };
        var ipAllow = new Option<string?>("--ip-allow") { Description = "Comma-separated IP addresses the key may be used from (default: any)." };
        var json = new Option<bool>("--json") { Description = "Print {\"key\":…,\"secret\":…} only." };
        var command = new Command("create", "Create an API key for a user; the secret is printed once and kept sealed.") { email, permissions, ipAllow, json, data, postgres };
        command.SetAction((parse, _) => AdminCommandRunner.RunAsync(parse, data, postgres, async session =>
        {
            var key = await session.CreateApiKeyAsync(
                parse.GetValue(email)!, AdminCommandRunner.List(parse.GetValue(permissions)) ?? [], AdminCommandRunner.List(parse.GetValue(ipAllow)));
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(new { key = key.Key, secret = key.Secret })
                : $"key:         {key.Key}\nsecret:      {key.Secret}  (shown once)\npermissions: {string.Join(',', key.Permissions)}\nip allow:    {(key.IpAllow.Count == 0 ? "any" : string.Join(',', key.IpAllow))}");
        }));
        return command;
    }

    private static Command CreateOperator()
    {
        var (data, postgres, email) = (CommonOptions.Data(), CommonOptions.Postgres(), Email("The operator's email address."));
        var command = new Command("create", "Create an operator (role admin) with two-factor; the password is read from standard input. Prints the TOTP secret once.")
        {
            email, data, postgres,
        };
        command.SetAction((parse, _) => AdminCommandRunner.RunCreatingAsync(parse, data, postgres, async session =>
        {
            var created = await session.CreateOperatorAsync(parse.GetValue(email)!, AdminCommandRunner.ReadPassword());
            Console.WriteLine($"operator {created.Id} created: {created.Email} ({session.Where})");
            Console.WriteLine($"TOTP secret: {created.TotpSecret}");
            Console.WriteLine($"TOTP URI:    {created.OtpAuthUri}");
            Console.WriteLine("Add it to an authenticator app now: it is shown only this once.");
        }));
        return command;
    }

    private static Command ListKeys()
    {
        var (data, postgres, email) = (CommonOptions.Data(), CommonOptions.Postgres(), Email("The email of the user whose keys to list."));
        var command = new Command("list", "List a user's API keys (never their secrets).") { email, data, postgres };
        command.SetAction((parse, _) => AdminCommandRunner.RunAsync(parse, data, postgres, async session =>
        {
            var table = new Table().AddColumns("key", "permissions", "ip allow", "enabled");
            foreach (var key in (await session.ListKeysAsync(parse.GetValue(email)!)).Keys)
            {
                table.AddRow(key.Key, string.Join(',', key.Permissions), key.IpAllow.Count == 0 ? "any" : string.Join(',', key.IpAllow), key.Enabled ? "yes" : "no");
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command SetKeyEnabled(bool enabled)
    {
        var (data, postgres) = (CommonOptions.Data(), CommonOptions.Postgres());
        var key = new Option<string>("--key") { Description = "The API key (its public id).", Required = true };
        var command = new Command(enabled ? "enable" : "disable", enabled
            ? "Enable an API key again."
            : "Disable an API key at once: its next request is refused with 'disabled API Key'.") { key, data, postgres };
        command.SetAction((parse, _) => AdminCommandRunner.RunAsync(parse, data, postgres, async session =>
        {
            var result = await session.SetKeyEnabledAsync(parse.GetValue(key)!, enabled);
            Console.WriteLine($"API key {result.Key} is {(result.Enabled ? "enabled" : "disabled")} ({session.Where})");
        }));
        return command;
    }
}
