using Kinko.Primitives;

namespace Kinko.Primitives.Tests;

public sealed class WriterThreadTests
{
    [Fact]
    public async Task Runs_work_in_order_on_its_own_thread_and_a_failure_fails_only_its_own_task()
    {
        using var writer = new WriterThread("test-writer");
        var order = new List<int>();
        var threads = new HashSet<string?>();
        var tasks = Enumerable.Range(0, 100).Select(i => writer.Enqueue(() =>
        {
            order.Add(i);
            threads.Add(Thread.CurrentThread.Name);
            if (i == 50)
            {
                throw new IOException("disk on fire");
            }
        })).ToList();

        (await Should.ThrowAsync<IOException>(tasks[50])).Message.ShouldBe("disk on fire");
        await Task.WhenAll(tasks.Where((_, i) => i != 50));
        order.ShouldBe(Enumerable.Range(0, 100));
        threads.ShouldBe(["test-writer"]);
    }

    [Fact]
    public async Task Dispose_runs_what_is_queued_refuses_more_and_may_be_called_twice()
    {
        var writer = new WriterThread("test-writer");
        using var gate = new ManualResetEventSlim();
        var ran = 0;
        var first = writer.Enqueue(gate.Wait);
        var second = writer.Enqueue(() => Interlocked.Increment(ref ran));
        gate.Set();

        writer.Dispose();
        writer.Dispose();

        await first;
        await second;
        ran.ShouldBe(1);
        Should.Throw<ObjectDisposedException>(() => writer.Enqueue(() => { }));
    }
}
