using System.CommandLine;
using Kinko.Cli.Commands;

var root = new RootCommand("Kinko — a custodial exchange whose custody cannot be drained by one stolen key.")
{
    ServeCommand.Create(),
    LedgerCommands.Create(),
    BenchCommands.Create(),
    DrillCommands.Create(),
    UserCommands.Users(),
    UserCommands.ApiKeys(),
    UserCommands.Operators(),
    AdminCommands.Create(),
};

try
{
    ConfigFile.Check();
}
catch (ConfigurationException e)
{
    await Console.Error.WriteLineAsync($"kinko: {e.Message}");
    return 2;
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // Bad input: say what, naming the option, and exit 2 (the default would be 1).
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"kinko: {error.Message}");
    }

    return 2;
}

return await parsed.InvokeAsync();
