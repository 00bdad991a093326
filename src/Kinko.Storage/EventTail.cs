using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>
/// The writer's memory of the event log after the stream index's watermark: the next seq, and
/// where each stream's events lie in the tail (what the next bulk catch-up writes as one bucket).
/// </summary>
internal sealed class EventTail(long indexedThrough, long lastSeq)
{
    public long IndexedThrough { get; private set; } = indexedThrough;

    /// <summary>The last seq written (the next event gets the one after).</summary>
    public long LastSeq { get; private set; } = lastSeq;

    public long Count => LastSeq - IndexedThrough;

    public Dictionary<string, StreamRange> ByStream { get; } = new(StringComparer.Ordinal);

    /// <summary>Remembers an event at <paramref name="seq"/> (the one after <see cref="LastSeq"/>) once it is durable.</summary>
    public void Add(long seq, StoreEvent e) => Add(seq, e.Stream, e.Id);

    public void Add(long seq, string stream, long id)
    {
        LastSeq = seq;
        ByStream[stream] = ByStream.TryGetValue(stream, out var range)
            ? range with { LastSeq = seq, MinId = Math.Min(range.MinId, id), MaxId = Math.Max(range.MaxId, id) }
            : new StreamRange(seq, seq, id, id);
    }

    public void Reset()
    {
        IndexedThrough = LastSeq;
        ByStream.Clear();
    }
}

/// <summary>Where one stream's events lie in a stretch of the log, and the range of their ids.</summary>
internal readonly record struct StreamRange(long FirstSeq, long LastSeq, long MinId, long MaxId);

/// <summary>An event with its place in the log.</summary>
internal readonly record struct LoggedEvent(long Seq, StoreEvent Event);

/// <summary>One row of <c>stream_entries</c>.</summary>
internal readonly record struct StreamEntry(string Stream, long Bucket, StreamRange Range);
