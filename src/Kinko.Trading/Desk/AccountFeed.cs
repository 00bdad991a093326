using System.Threading.Channels;

namespace Kinko.Trading.Desk;

/// <summary>
/// What one durable commit did to customers' orders, handed over raw so that the sequencer does
/// no more than one non-blocking write: the accepted commands with their results, and the views the
/// touched orders had before the commit (their side, price and amount). <see cref="AccountEvents.Of"/>
/// turns it into per-customer events on the reader's thread.
/// </summary>
public sealed record AccountCommit(
    DateTimeOffset At,
    IReadOnlyList<(TradingCommand Command, TradingResult Result)> Steps,
    IReadOnlyDictionary<long, OrderView> Before);

/// <summary>
/// The per-customer side of trading (orders and executions), published once durable. The sequencer
/// writes only while someone listens and never waits: when the reader falls
/// <see cref="MaxQueuedCommits"/> behind, commits are counted in <see cref="LostCommits"/> instead,
/// and the reader must tell its clients to resync.
/// </summary>
public sealed class AccountFeed
{
    /// <summary>Durable commits waiting for the reader before the feed starts losing them.</summary>
    public const int MaxQueuedCommits = 4_096;

    private readonly Channel<AccountCommit> _commits = Channel.CreateBounded<AccountCommit>(
        new BoundedChannelOptions(MaxQueuedCommits) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private int _listeners;
    private long _lostCommits;

    /// <summary>Whether anyone listens; the sequencer captures nothing otherwise.</summary>
    public bool Active => Volatile.Read(ref _listeners) > 0;

    /// <summary>Commits that could not be queued because the reader was behind.</summary>
    public long LostCommits => Interlocked.Read(ref _lostCommits);

    /// <summary>The durable commits, in order, for the one reader.</summary>
    public ChannelReader<AccountCommit> Commits => _commits.Reader;

    public void AddListener() => Interlocked.Increment(ref _listeners);

    public void RemoveListener() => Interlocked.Decrement(ref _listeners);

    /// <summary>Called by the sequencer after a commit is durable; never blocks.</summary>
    internal void Publish(AccountCommit commit)
    {
        if (!_commits.Writer.TryWrite(commit))
        {
            Interlocked.Increment(ref _lostCommits);
        }
    }

    internal void Complete() => _commits.Writer.TryComplete();
}
