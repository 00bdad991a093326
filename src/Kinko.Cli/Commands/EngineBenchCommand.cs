using System.CommandLine;
using System.Globalization;
using Kinko.Bench;
using Kinko.Bench.Engine;
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
        var warmUp = CommonOptions.Int("--warmup", "Warm-up passes before the measured ones.", 3, 0, 100);
        var command = new Command("engine", "Engine-only replay of a workload: throughput pass, then latency pass (p50/p99/p99.9).")
        {
            workload, warmUp,
        };
        command.SetAction(parse => Run(parse.GetValue(workload)!, parse.GetValue(warmUp)));
        return command;
    }

    private static int Run(FileInfo file, int warmUpPasses)
    {
        var summary = WorkloadSummary.LoadBeside(file.FullName);
        AnsiConsole.MarkupLineInterpolated($"machine:   {MachineInfo.Current()}");
        AnsiConsole.MarkupLineInterpolated($"workload:  {file.FullName}");
        var workload = AnsiConsole.Status().Start("loading the workload", _ => Workload.Load(file.FullName));
        if (!string.Equals(workload.Sha256, summary.CsvSha256, StringComparison.OrdinalIgnoreCase))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]the workload's SHA-256 {workload.Sha256} is not the one its summary records ({summary.CsvSha256})[/]");
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
