using System.Threading.Channels;
using Kinko.Ledger;
using Kinko.Trading.MarketData;

namespace Kinko.Trading.Desk;

/// <summary>The sequencer's units of work: submitted commands (one request's, or several requests' in one commit), and a batch staged in memory while its commit is written.</summary>
public sealed partial class TradingSequencer
{
    /// <summary>
    /// Submits one request's commands in their order, with the API nonce the request spent on the
    /// first: commits are durable in order, so once any of the commands is durable, so is the nonce.
    /// Completes once every command is durable, refused or failed, with one finished task per
    /// command (a failed one holds its exception), so that none is still running when the caller answers.
    /// </summary>
    public async Task<IReadOnlyList<Task<TradingResult>>> SubmitAllAsync(IReadOnlyList<TradingCommand> commands, ApiNonce? nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count == 0 || commands.Any(c => c is null))
        {
            throw new ArgumentException("one command or more, none null", nameof(commands));
        }

        if (_failure is not null)
        {
            throw Stopped();
        }

        var submissions = commands.Select((command, i) => new Submission(command, i == 0 ? nonce : null)).ToArray();
        var queued = 0;
        try
        {
            for (; queued < submissions.Length; queued++)
            {
                await _queue.Writer.WriteAsync(submissions[queued], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (queued > 0 && e is ChannelClosedException or OperationCanceledException)
        {
            // The first commands are queued (the nonce with them): the rest fail, and the caller learns each outcome.
            Array.ForEach(submissions[queued..], s => s.Completion.TrySetException(e));
        }

        var outcomes = Array.ConvertAll(submissions, s => s.Completion.Task);
        await ((Task)Task.WhenAll(outcomes)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return outcomes;
    }

    /// <summary>Whether the nonce given to <see cref="SubmitAllAsync"/> is durable, from its outcomes: it is when the first command's commit is.</summary>
    public static bool NonceWritten(IReadOnlyList<Task<TradingResult>> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return outcomes.Count > 0 && outcomes[0].IsCompletedSuccessfully;
    }

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
