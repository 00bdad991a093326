using System.CommandLine;
using Kinko.Cli.Commands;

var root = new RootCommand("Kinko — a custodial exchange whose custody cannot be drained by one stolen key.")
{
    ServeCommand.Create(),
    LedgerCommands.Create(),
    BenchCommands.Create(),
    DrillCommands.Create(),
};

return await root.Parse(args).InvokeAsync();
