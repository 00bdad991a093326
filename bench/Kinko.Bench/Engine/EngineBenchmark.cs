using System.Diagnostics;

namespace Kinko.Bench.Engine;

/// <summary>Latency percentiles of one pass, in nanoseconds.</summary>
public sealed record LatencyPercentiles(double P50Nanoseconds, double P99Nanoseconds, double P999Nanoseconds, double MaxNanoseconds)
{
    public static LatencyPercentiles From(long[] ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        Array.Sort(ticks);
        var toNanoseconds = 1e9 / Stopwatch.Frequency;
        return new LatencyPercentiles(At(0.50) * toNanoseconds, At(0.99) * toNanoseconds, At(0.999) * toNanoseconds, ticks[^1] * toNanoseconds);

        double At(double quantile) => ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(quantile * ticks.Length) - 1)];
    }
}

/// <summary>The figures of <c>kinko bench engine</c>.</summary>
public sealed record EngineBenchmarkResult(long Operations, TimeSpan ThroughputElapsed, LatencyPercentiles Latency, ReplayResult Throughput, ReplayResult LatencyPass)
{
    public double OperationsPerSecond => Operations / ThroughputElapsed.TotalSeconds;
}

/// <summary>
/// Engine-only replay of a workload, single-threaded: warm-up passes on throwaway engines, one
/// throughput pass with no per-operation timing, one latency pass timing every operation. Each pass
/// starts from an empty book and its result is checked against the workload's summary.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>Commands replayed per warm-up pass (at most the whole workload).</summary>
    public const int WarmUpCommands = 1_000_000;

    public static EngineBenchmarkResult Run(Workload workload, int warmUpPasses, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var commands = workload.Commands;
        for (var pass = 1; pass <= warmUpPasses; pass++)
        {
            progress?.Report($"warm-up {pass}/{warmUpPasses}");
            WorkloadReplay.Fresh().Run(commands.AsSpan(0, Math.Min(commands.Length, WarmUpCommands)));
        }

        progress?.Report("throughput pass");
        var throughput = WorkloadReplay.Fresh();
        var watch = Stopwatch.StartNew();
        throughput.Run(commands);
        watch.Stop();

        progress?.Report("latency pass");
        var latency = WorkloadReplay.Fresh();
        var ticks = new long[commands.Length];
        for (var i = 0; i < commands.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            latency.Execute(commands[i]);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        return new EngineBenchmarkResult(
            commands.Length,
            watch.Elapsed,
            LatencyPercentiles.From(ticks),
            throughput.Result(commands.Length),
            latency.Result(commands.Length));
    }
}
