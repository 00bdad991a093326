using Kinko.Trading.MarketData;

namespace Kinko.Trading.Desk;

/// <summary>The sequencer's units of work: a submitted command, and a batch staged in memory while its commit is written.</summary>
public sealed partial class TradingSequencer
{
    /// <summary>The writes the batch's commit waits for: those of its submissions not yet known to have succeeded.</summary>
    private static List<Task>? WrittenFirst(List<Submission> batch)
    {
        List<Task>? pending = null;
        foreach (var submission in batch)
        {
            if (!submission.WrittenFirst.IsCompletedSuccessfully)
            {
                (pending ??= []).Add(submission.WrittenFirst);
            }
        }

        return pending;
    }

    private static List<(TradingCommand, TradingResult)> AccountSteps(List<Submission> batch, TradingResult[] results)
    {
        var steps = new List<(TradingCommand, TradingResult)>();
        for (var i = 0; i < batch.Count; i++)
        {
            // A repeat (a retried client_order_id) changed nothing, so it tells the feed nothing.
            if (results[i].Accepted && !results[i].IsRepeat && batch[i].Command is not ConfigureMarket)
            {
                steps.Add((batch[i].Command, results[i]));
            }
        }

        return steps;
    }

    /// <summary>A batch applied in memory whose commit is being written.</summary>
    private sealed record StagedBatch(
        List<Submission> Submissions,
        TradingResult[] Results,
        Task Durable,
        long Sequence,
        IReadOnlyList<MarketUpdate> MarketData,
        IReadOnlyList<(long OrderId, OrderView? View)> OrderChanges,
        IReadOnlyList<(long, long)> ClientOrderKeys,
        IReadOnlyList<(TradingCommand Command, TradingResult Result)>? AccountSteps,
        DateTimeOffset At);

    private sealed class Submission(TradingCommand command, Task writtenFirst)
    {
        public TradingCommand Command { get; } = command;

        public Task WrittenFirst { get; } = writtenFirst;

        public TaskCompletionSource<TradingResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
