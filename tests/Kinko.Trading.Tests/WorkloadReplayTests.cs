using Kinko.Bench.Engine;

namespace Kinko.Trading.Tests;

public sealed class WorkloadReplayTests
{
    private static string WorkloadPath => Path.Combine(AppContext.BaseDirectory, "workloads", "workload-200k-seed1.csv.gz");

    [Fact]
    public void The_committed_workload_replays_to_exactly_its_summary()
    {
        var summary = WorkloadSummary.LoadBeside(WorkloadPath);
        var workload = Workload.Load(WorkloadPath);
        workload.Sha256.ShouldBe(summary.CsvSha256, "the committed workload file is not the one its summary describes");

        var replay = WorkloadReplay.Fresh();
        replay.Run(workload.Commands);

        replay.Result(workload.Commands.Length).Differences(summary).ShouldBeEmpty();
    }

    [Fact]
    public void A_wrong_engine_result_is_reported_field_by_field()
    {
        var summary = WorkloadSummary.LoadBeside(WorkloadPath);
        var wrong = new ReplayResult(summary.Commands, summary.Trades + 1, summary.TradedLots, summary.FinalRestingOrders,
            summary.FinalRestingLots, summary.FinalBidLevels, summary.FinalAskLevels, summary.FinalLastTradePrice - 1, 0);

        wrong.Differences(summary).ShouldBe([
            $"trades: {summary.Trades + 1}, expected {summary.Trades}",
            $"final last trade price: {summary.FinalLastTradePrice - 1}, expected {summary.FinalLastTradePrice}",
        ]);
    }
}
