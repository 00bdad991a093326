using System.Text.Json;

namespace Kinko.Bench.Engine;

/// <summary>What a correct engine must produce for a workload: its generator's <c>.summary.json</c>.</summary>
public sealed record WorkloadSummary(
    string CsvSha256,
    long Commands,
    long Trades,
    long TradedLots,
    long FinalRestingOrders,
    long FinalRestingLots,
    long FinalBidLevels,
    long FinalAskLevels,
    long FinalLastTradePrice)
{
    /// <summary>Reads <c>FILE.summary.json</c> beside a workload file (for <c>x.csv.gz</c>, also <c>x.csv.summary.json</c>).</summary>
    public static WorkloadSummary LoadBeside(string workloadPath)
    {
        var candidates = new[] { workloadPath + ".summary.json", workloadPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? workloadPath[..^3] + ".summary.json" : null };
        var path = candidates.FirstOrDefault(p => p is not null && File.Exists(p))
            ?? throw new FileNotFoundException($"no summary beside {workloadPath} (expected {candidates[0]})");
        return Parse(File.ReadAllText(path), path);
    }

    public static WorkloadSummary Parse(string json, string source)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        try
        {
            var expected = root.GetProperty("expected");
            return new WorkloadSummary(
                root.GetProperty("csv_sha256").GetString() ?? throw new FormatException("csv_sha256 is null"),
                root.GetProperty("params").GetProperty("n").GetInt64(),
                expected.GetProperty("trades").GetInt64(),
                expected.GetProperty("traded_lots").GetInt64(),
                expected.GetProperty("final_resting_orders").GetInt64(),
                expected.GetProperty("final_resting_lots").GetInt64(),
                expected.GetProperty("final_bid_levels").GetInt64(),
                expected.GetProperty("final_ask_levels").GetInt64(),
                expected.GetProperty("final_last_trade_price").GetInt64());
        }
        catch (KeyNotFoundException e)
        {
            throw new FormatException($"{source}: {e.Message}", e);
        }
    }
}
