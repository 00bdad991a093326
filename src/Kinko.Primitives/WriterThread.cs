using System.Collections.Concurrent;

namespace Kinko.Primitives;

/// <summary>
/// Runs queued work items one after another, in order, on a thread of its own. For the writes that
/// block on the disk (a commit's fsync): on the thread pool they would hold one of its few threads
/// (two on a 2-core machine) and wait behind request work before starting, which made every commit
/// late by however long the pool's queue was.
/// </summary>
public sealed class WriterThread : IDisposable
{
    private readonly BlockingCollection<(Action Work, TaskCompletionSource Done)> _queue = [];
    private readonly Thread _thread;
    private int _disposed;

    public WriterThread(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="work"/>; the task completes when it has run (or fails with what it threw).</summary>
    public Task Enqueue(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((work, done));
        return done.Task;
    }

    /// <summary>Runs what is queued, then ends the thread; a second call (from any thread) also returns only once it has ended.</summary>
    public void Dispose()
    {
        var first = Interlocked.Exchange(ref _disposed, 1) == 0;
        if (first)
        {
            _queue.CompleteAdding();
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        if (first)
        {
            _queue.Dispose();
        }
    }

    private void Run()
    {
        foreach (var (work, done) in _queue.GetConsumingEnumerable())
        {
            try
            {
                work();
                done.SetResult();
            }
#pragma warning disable CA1031 // not swallowed: handed to whoever waits for the work
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        }
    }
}
