using System.Threading.Channels;

namespace Kinko.Ledger;

/// <summary>
/// Group commit in front of the <see cref="LedgerEngine"/>: concurrent callers submit linked groups;
/// <see cref="Committers"/> loops each take whatever is queued (up to <see cref="MaxTransfersPerCommit"/>)
/// and commit it as one batch, so one batch is validated while the other is written (the engine's
/// commit pipeline). A caller's task completes only after its group is durable (or refused).
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    /// <summary>Most transfers in one commit.</summary>
    public const int MaxTransfersPerCommit = 4_096;

    /// <summary>Most groups waiting for a commit; submitters wait when it is full.</summary>
    public const int MaxQueuedGroups = 65_536;

    /// <summary>Loops committing at once.</summary>
    public const int Committers = 2;

    private readonly LedgerEngine _engine;
    private readonly Channel<Submission> _queue =
        Channel.CreateBounded<Submission>(new BoundedChannelOptions(MaxQueuedGroups) { SingleReader = false });

    private readonly Task _loop;
    private long _commits;

    public LedgerWriter(LedgerEngine engine)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _loop = Task.WhenAll(Enumerable.Range(0, Committers).Select(_ =>
            Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));
    }

    public LedgerEngine Engine => _engine;

    /// <summary>Commits made so far (each holding one or more groups).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Submits one linked group (all or nothing); completes once it is committed or refused.</summary>
    public async Task<TransferResult[]> SubmitAsync(IReadOnlyList<TransferRequest> group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Count > MaxTransfersPerCommit)
        {
            throw new ArgumentException($"a linked group has at most {MaxTransfersPerCommit} transfers", nameof(group));
        }

        var submission = new Submission(group);
        await _queue.Writer.WriteAsync(submission, cancellationToken).ConfigureAwait(false);
        return await submission.Completion.Task.ConfigureAwait(false);
    }

    public async Task<TransferResult> SubmitAsync(TransferRequest request, CancellationToken cancellationToken = default) =>
        (await SubmitAsync([request], cancellationToken).ConfigureAwait(false))[0];

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Submission>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var transfers = 0;
            while (transfers < MaxTransfersPerCommit && _queue.Reader.TryPeek(out var next)
                   && (transfers == 0 || transfers + next.Group.Count <= MaxTransfersPerCommit)
                   && _queue.Reader.TryRead(out next))
            {
                batch.Add(next);
                transfers += next.Group.Count;
            }

            Commit(batch);
        }
    }

    private void Commit(List<Submission> batch)
    {
        try
        {
            var results = _engine.Execute(batch.Select(s => s.Group).ToList());
            Interlocked.Increment(ref _commits);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
#pragma warning disable CA1031 // the failure is handed to every waiting caller, not swallowed
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var submission in batch)
            {
                submission.Completion.TrySetException(e);
            }
        }
    }

    private sealed class Submission(IReadOnlyList<TransferRequest> group)
    {
        public IReadOnlyList<TransferRequest> Group { get; } = group;

        public TaskCompletionSource<TransferResult[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
