using Kinko.Ledger;
using Kinko.Trading.MarketData;

namespace Kinko.Trading.Desk;

/// <summary>The sequencer's units of work: a submitted command, and a batch staged in memory while its commit is written.</summary>
public sealed partial class TradingSequencer
{
    /// <summary>The API nonces the batch's requests spent, refused commands included: the batch's commit writes them.</summary>
    private static List<ApiNonce>? Nonces(List<Submission> batch)
    {
        List<ApiNonce>? nonces = null;
        foreach (var submission in batch)
        {
            if (submission.Nonce is { } nonce)
            {
                (nonces ??= new List<ApiNonce>(batch.Count)).Add(nonce);
            }
        }

        return nonces;
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

    private sealed class Submission(TradingCommand command, ApiNonce? nonce)
    {
        public TradingCommand Command { get; } = command;

        public ApiNonce? Nonce { get; } = nonce;

        public TaskCompletionSource<TradingResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
