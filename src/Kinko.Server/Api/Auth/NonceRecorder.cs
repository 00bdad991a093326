using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;

namespace Kinko.Server.Api.Auth;

/// <summary>
/// Each API key's last nonce, moved forward atomically in memory (compare-and-swap: of two requests
/// with the same nonce only one passes) and made durable before the request is answered: in the
/// commit of the trading command the request carries (see <see cref="DeferredNonce"/>), or else by
/// this recorder's writer, which stores every nonce queued since its last transaction in one
/// transaction, so a thousand requests cost one fsync, not a thousand.
/// </summary>
public sealed class NonceRecorder : IAsyncDisposable
{
    /// <summary>Most nonce advances waiting to be written; requests wait when it is full.</summary>
    public const int MaxPending = 65_536;

    private readonly INonceStore _store;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _last = new(StringComparer.Ordinal);
    private readonly Channel<Pending> _pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(MaxPending) { SingleReader = true });
    private readonly Task _writer;

    public NonceRecorder(INonceStore store)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _writer = Task.Factory.StartNew(Write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Moves the key's last nonce to <paramref name="nonce"/> in memory if it is above the last one
    /// (when this process has not seen the key yet: the larger of <paramref name="storedLast"/>, the
    /// key's own record, and what the nonce store holds). Of two requests with the same nonce only
    /// one gets true. The nonce is not durable yet: write it with <see cref="WriteAsync"/>, or in the
    /// commit of the command its request carries.
    /// </summary>
    public bool TryClaim(string keyId, long storedLast, long nonce)
    {
        var last = _last.GetOrAdd(keyId, id => new StrongBox<long>(Math.Max(storedLast, _store.LastNonce(id))));
        long seen;
        do
        {
            seen = Interlocked.Read(ref last.Value);
            if (nonce <= seen)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref last.Value, nonce, seen) != seen);

        return true;
    }

    /// <summary>Writes a claimed nonce with the next group of nonces; completes once it is on disk (or fails).</summary>
    public Task WriteAsync(ApiNonce nonce)
    {
        var pending = new Pending(nonce);
        return _pending.Writer.TryWrite(pending) ? pending.Durable.Task : QueueAsync(pending);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    /// <summary>When the queue is full: waits for room, then for the write.</summary>
    private async Task QueueAsync(Pending pending)
    {
        await _pending.Writer.WriteAsync(pending).ConfigureAwait(false);
        await pending.Durable.Task.ConfigureAwait(false);
    }

    /// <summary>The writer, on a thread of its own: a pool thread would block in the fsync, and wait behind request work to start.</summary>
    private void Write()
    {
        var batch = new List<Pending>();
        while (_pending.Reader.WaitToRead())
        {
            batch.Clear();
            while (batch.Count < MaxPending && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                _store.AdvanceNonces(batch.ConvertAll(p => p.Nonce));
                batch.ForEach(p => p.Durable.TrySetResult());
            }
#pragma warning disable CA1031 // not swallowed: every waiting request fails with it
            catch (Exception e)
#pragma warning restore CA1031
            {
                batch.ForEach(p => p.Durable.TrySetException(e));
            }
        }
    }

    private sealed record Pending(ApiNonce Nonce)
    {
        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
