using System.CommandLine;
using System.Globalization;
using Kinko.Bench;
using Kinko.Bench.Engine;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Trading.Desk;
using Spectre.Console;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko bench engine</c>: replays a matching-engine workload and checks it against its summary.</summary>
internal static class EngineBenchCommand
{
    public static Command Create()
    {
        var workload = new Option<FileInfo>("--workload")
        {
            Description = "Workload CSV (or .csv.gz) written by bench/workloads/gen_workload.py, with its .summary.json beside it.",
            Required = true,
        };
        workload.Validators.Add(result =>
        {
            var file = result.GetValueOrDefault<FileInfo>();
            if (file is not null && !file.Exists)
            {
                result.AddError($"--workload: {file.FullName} does not exist");
            }
        });
        var warmUp = CommonOptions.Int("--warmup", "Warm-up passes before the measured ones (with --durable: 0 or more runs of the first 200,000 commands on a throwaway store of the same kind).", 3, 0, 100);
        var durable = new Option<bool>("--durable") { Description = "Run through the trading sequencer, the journal and the ledger, committed durably; print acknowledged commands/s." };
        var store = CommonOptions.OneOf("--store", "With --durable: where the journal and ledger live.", "sqlite", "postgres");
        var window = CommonOptions.Int("--window", "With --durable: commands awaiting acknowledgement at once.", 8_192, 1, TradingSequencer.MaxQueuedCommands);
        var data = new Option<string?>("--data") { Description = "With --durable: SQLite data folder (default: a fresh temporary folder, deleted after)." };
        var postgres = new Option<string?>("--postgres") { Description = "With --durable: PostgreSQL connection string (default: a throwaway durable server)." };
        var command = new Command("engine", "Replays a matching-engine workload: engine only (throughput, then latency p50/p99/p99.9), or --durable through journal and ledger.")
        {
            workload, warmUp, durable, store, window, data, postgres,
        };
        command.SetAction(parse => parse.GetValue(durable)
            ? RunDurable(parse.GetValue(workload)!, parse.GetValue(store)!, parse.GetValue(window), parse.GetValue(data), parse.GetValue(postgres), parse.GetValue(warmUp))
            : Run(parse.GetValue(workload)!, parse.GetValue(warmUp)));
        return command;
    }

    private const int DurableWarmUpCommands = 200_000;

    private static int RunDurable(FileInfo file, string storeKind, int window, string? data, string? postgres, int warmUps)
    {
        var (summary, workload) = Load(file);
        if (workload is null)
        {
            return 3;
        }

        if (warmUps > 0)
        {
            WarmUpDurable(workload, storeKind, window); // one run warms everything the measured one uses
        }

        using var target = BenchStore.Open(storeKind, data, postgres);
        using var ledger = new LedgerEngine(target.Store, AssetRegistry.Default, TimeProvider.System);
        AnsiConsole.MarkupLineInterpolated($"store:     {target.Description}");
        AnsiConsole.MarkupLineInterpolated($"durability: {target.Durability}");
        AnsiConsole.MarkupLineInterpolated($"settings:  {workload.Commands.Length:N0} commands through the trading sequencer (holds, matching, settlement, journal), window {window}");
        var result = AnsiConsole.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("commands", maxValue: workload.Commands.Length);
            return DurableEngineBenchmark.RunAsync(ledger, workload, window, new Progress<long>(done => task.Value = done)).GetAwaiter().GetResult();
        });

        var differences = result.Result.Differences(summary).ToList();
        if (!result.TrialBalance.All(l => l.IsBalanced))
        {
            differences.Add("the ledger's trial balance is not zero");
        }

        if (result.HoldDifferences > 0)
        {
            differences.Add($"{result.HoldDifferences} order holds differ from the ledger");
        }

        var table = new Table().AddColumns("what", "figure");
        table.AddRow("acknowledged", $"{result.CommandsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} commands/s ({result.Commands:N0} in {result.Elapsed.TotalSeconds:F2} s)");
        table.AddRow("trades", $"{result.Result.Trades:N0} ({result.Result.TradedLots:N0} lots)");
        table.AddRow("ledger transfers", ledger.LastPosition.Value.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("allocated", $"{result.AllocatedBytes / result.Commands:N0} B/command, GCs {result.Collections.Gen0}/{result.Collections.Gen1}/{result.Collections.Gen2} (gen 0/1/2)");
        table.AddRow("trial balance", result.TrialBalance.All(l => l.IsBalanced) ? "zero per asset" : "[red]NOT ZERO[/]");
        table.AddRow("summary check", differences.Count == 0 ? "matches" : "[red]DIFFERS[/]");
        AnsiConsole.Write(table);
        foreach (var difference in differences)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]MISMATCH {difference}[/]");
        }

        return differences.Count == 0 ? 0 : 3;
    }

    /// <summary>
    /// Runs the workload's first commands through a throwaway store of the same kind, so that the
    /// measured run is not the one that compiles the trading and storage code.
    /// </summary>
    private static void WarmUpDurable(Workload workload, string storeKind, int window)
    {
        var prefix = workload.Prefix(DurableWarmUpCommands);
        AnsiConsole.MarkupLineInterpolated($"warm-up:   the first {prefix.Commands.Length:N0} commands on a throwaway {storeKind} store");
        using var throwaway = BenchStore.Open(storeKind, null, null);
        using var ledger = new LedgerEngine(throwaway.Store, AssetRegistry.Default, TimeProvider.System);
        DurableEngineBenchmark.RunAsync(ledger, prefix, window).GetAwaiter().GetResult();
    }

    /// <summary>Reads the summary and the workload and checks the workload against the summary's SHA-256 (null workload: it differs).</summary>
    private static (WorkloadSummary Summary, Workload? Workload) Load(FileInfo file)
    {
        var summary = WorkloadSummary.LoadBeside(file.FullName);
        AnsiConsole.MarkupLineInterpolated($"machine:   {MachineInfo.Current()}");
        AnsiConsole.MarkupLineInterpolated($"workload:  {file.FullName}");
        var workload = AnsiConsole.Status().Start("loading the workload", _ => Workload.Load(file.FullName));
        if (!string.Equals(workload.Sha256, summary.CsvSha256, StringComparison.OrdinalIgnoreCase))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]the workload's SHA-256 {workload.Sha256} is not the one its summary records ({summary.CsvSha256})[/]");
            return (summary, null);
        }

        return (summary, workload);
    }

    private static int Run(FileInfo file, int warmUpPasses)
    {
        var (summary, workload) = Load(file);
        if (workload is null)
        {
            return 3;
        }

        AnsiConsole.MarkupLineInterpolated($"settings:  {workload.Commands.Length:N0} commands, {warmUpPasses} warm-up passes, single-threaded, engine only, self-trade prevention off");
        var result = AnsiConsole.Status().Start("warming up", context =>
            EngineBenchmark.Run(workload, warmUpPasses, new Progress<string>(stage => context.Status(stage))));

        var differences = result.Throughput.Differences(summary).Select(d => "throughput pass: " + d)
            .Concat(result.LatencyPass.Differences(summary).Select(d => "latency pass: " + d))
            .ToList();
        Print(result, differences.Count == 0);
        foreach (var difference in differences)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]MISMATCH {difference}[/]");
        }

        return differences.Count == 0 ? 0 : 3;
    }

    private static void Print(EngineBenchmarkResult result, bool matches)
    {
        var table = new Table().AddColumns("what", "figure");
        table.AddRow("operations", result.Operations.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("throughput", $"{result.OperationsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} ops/s ({result.ThroughputElapsed.TotalMilliseconds:F0} ms)");
        table.AddRow("latency p50", Nanoseconds(result.Latency.P50Nanoseconds));
        table.AddRow("latency p99", Nanoseconds(result.Latency.P99Nanoseconds));
        table.AddRow("latency p99.9", Nanoseconds(result.Latency.P999Nanoseconds));
        table.AddRow("latency max", Nanoseconds(result.Latency.MaxNanoseconds));
        table.AddRow("trades", $"{result.Throughput.Trades:N0} ({result.Throughput.TradedLots:N0} lots)");
        table.AddRow("final book", $"{result.Throughput.RestingOrders:N0} orders, {result.Throughput.BidLevels} bid / {result.Throughput.AskLevels} ask levels, last {result.Throughput.LastTradePrice}");
        table.AddRow("summary check", matches ? "matches" : "[red]DIFFERS[/]");
        AnsiConsole.Write(table);
    }

    private static string Nanoseconds(double value) =>
        value < 10_000 ? $"{value.ToString("N0", CultureInfo.InvariantCulture)} ns" : $"{(value / 1000).ToString("N1", CultureInfo.InvariantCulture)} µs";
}
