using System.CommandLine;
using Kinko.Ledger;
using Kinko.Trading.Desk;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko drill …</c>: exercises used by crash tests and by operators practising recovery.</summary>
internal static class DrillCommands
{
    public static Command Create() => new("drill", "Drills: workloads for crash and recovery exercises.")
    {
        LedgerWriter(),
        Trading(),
    };

    private static Command Trading()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var commands = CommonOptions.Int("--commands", "Trading commands to submit.", 2_000, 1);
        var seed = CommonOptions.Int("--seed", "Seed of the random order stream.", 1, int.MinValue);
        var snapshotEvery = CommonOptions.Int("--snapshot-every", "Journal records between snapshots.", 100, 1);
        var command = new Command(
            "trading",
            "Streams random orders, cancels and moves over btc_jpy and xem_jpy through the trading sequencer, printing 'ack SEQ ORDER:STATE:REMAINING …' " +
            "only after each command is durable. Safe to kill and run again: trading recovers from snapshot and journal.")
        {
            data, postgres, commands, seed, snapshotEvery,
        };
        command.SetAction(async (parse, cancel) =>
        {
            using var engine = StoreOpener.OpenEngine(parse.GetValue(data)!, parse.GetValue(postgres));
            await using var sequencer = await TradingSequencer.OpenAsync(
                engine, Kinko.Primitives.AssetRegistry.Default, TradingDrill.Markets, TimeProvider.System, parse.GetValue(snapshotEvery));
            await TradingDrill.RunAsync(engine, sequencer, parse.GetValue(commands), parse.GetValue(seed), Console.Out, cancel);
            return 0;
        });
        return command;
    }

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
