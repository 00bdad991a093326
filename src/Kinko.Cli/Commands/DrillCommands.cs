using System.CommandLine;
using Kinko.Ledger;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko drill …</c>: exercises used by crash tests and by operators practising recovery.</summary>
internal static class DrillCommands
{
    public static Command Create() => new("drill", "Drills: workloads for crash and recovery exercises.")
    {
        LedgerWriter(),
    };

    private static Command LedgerWriter()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var transfers = CommonOptions.Int("--transfers", "Transfers to write (keys drill-0 … drill-N-1).", 10_000, 1);
        var seed = CommonOptions.Int("--seed", "Seed of the deterministic workload.", 1, int.MinValue);
        var command = new Command(
            "ledger-writer",
            "Writes a deterministic stream of transfers (posts, holds, partial posts, voids, linked groups) through the group-commit writer, " +
            "printing 'ack KEY' only after the transfer is committed. Safe to kill and run again: committed keys are answered from the ledger.")
        {
            data, postgres, transfers, seed,
        };
        command.SetAction(async (parse, cancel) =>
        {
            using var engine = StoreOpener.OpenEngine(parse.GetValue(data)!, parse.GetValue(postgres));
            await using var writer = new LedgerWriter(engine);
            await LedgerDrill.RunAsync(writer, parse.GetValue(transfers), parse.GetValue(seed), Console.Out, cancel);
            return 0;
        });
        return command;
    }
}
