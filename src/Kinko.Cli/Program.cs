using System.CommandLine;
using Kinko.Cli.Commands;

var root = new RootCommand("Kinko — a custodial exchange whose custody cannot be drained by one stolen key.")
{
    ServeCommand.Create(),
    LedgerCommands.Create(),
    BenchCommands.Create(),
    DrillCommands.Create(),
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

return await root.Parse(args).InvokeAsync();
