using System.CommandLine;
using System.Globalization;
using Kinko.Bench;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;
using Spectre.Console;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko bench …</c>: benchmarks that print their figures.</summary>
internal static class BenchCommands
{
    public static Command Create() => new("bench", "Benchmarks (run them from a Release build: ./kinko does).")
    {
        Ledger(),
        EngineBenchCommand.Create(),
        ApiBenchCommand.Create(),
    };

    private static Command Ledger()
    {
        var store = CommonOptions.OneOf("--store", "Where the ledger lives.", "sqlite", "postgres");
        var transfers = CommonOptions.Int("--transfers", "Transfers to commit.", 1_000_000, 1);
        var accounts = CommonOptions.Int("--accounts", "Customer accounts to spread them over.", 10_000, 2);
        var batch = CommonOptions.Int("--batch", "Transfers per commit.", 1_000, 1, LedgerEngine.MaxTransfersPerBatch);
        var naive = CommonOptions.Int("--naive", "Transfers committed one per commit for the naive rate.", 1_000, 0);
        var data = new Option<string?>("--data") { Description = "SQLite data folder (default: a fresh temporary folder, deleted after)." };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: a throwaway durable server started for the run)." };
        var command = new Command("ledger", "Durable ledger throughput: batched commits against one transfer per commit.")
        {
            store, transfers, accounts, batch, naive, data, postgres,
        };
        command.SetAction(parse =>
        {
            var settings = new LedgerBenchmarkSettings(parse.GetValue(transfers), parse.GetValue(accounts), parse.GetValue(batch), parse.GetValue(naive));
            using var target = BenchStore.Open(parse.GetValue(store)!, parse.GetValue(data), parse.GetValue(postgres));
            using var engine = new LedgerEngine(target.Store, AssetRegistry.Default, TimeProvider.System);
            AnsiConsole.MarkupLineInterpolated($"machine:   {MachineInfo.Current()}");
            AnsiConsole.MarkupLineInterpolated($"store:     {target.Description}");
            AnsiConsole.MarkupLineInterpolated($"durability: {target.Durability}");
            AnsiConsole.MarkupLineInterpolated($"settings:  transfers={settings.Transfers} accounts={settings.Accounts} batch={settings.Batch} naive={settings.NaiveTransfers}");
            var result = AnsiConsole.Progress().AutoClear(true).Start(context =>
            {
                var task = context.AddTask("transfers", maxValue: settings.Transfers);
                return LedgerBenchmark.Run(engine, settings, new Progress<int>(done => task.Value = done));
            });
            Print(result);
            return result.TrialBalance.All(l => l.IsBalanced) ? 0 : 3;
        });
        return command;
    }

    private static void Print(LedgerBenchmarkResult result)
    {
        var table = new Table().AddColumns("what", "figure");
        table.AddRow("batched", $"{result.TransfersPerSecond.ToString("N0", CultureInfo.InvariantCulture)} transfers/s ({result.Transfers} in {result.Elapsed.TotalSeconds:F2} s)");
        if (result.NaiveTransfers > 0)
        {
            table.AddRow("one per commit", $"{result.NaiveTransfersPerSecond.ToString("N0", CultureInfo.InvariantCulture)} transfers/s ({result.NaiveTransfers} in {result.NaiveElapsed.TotalSeconds:F2} s)");
            table.AddRow("ratio", $"{result.TransfersPerSecond / result.NaiveTransfersPerSecond:F1}x");
        }

        table.AddRow("refused", result.Refused.ToString(CultureInfo.InvariantCulture));
        table.AddRow("trial balance", result.TrialBalance.All(l => l.IsBalanced) ? "zero per asset" : "[red]NOT ZERO[/]");
        AnsiConsole.Write(table);
    }
}
