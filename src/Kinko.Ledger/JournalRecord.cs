namespace Kinko.Ledger;

/// <summary>
/// One entry of the store's durable command journal (DESIGN.md, write path): written in the same
/// transaction as the ledger transfers the command caused, so that a command and its money
/// movements are durable together or not at all. Sequences run 1, 2, 3, … without gaps.
/// </summary>
public sealed record JournalRecord(long Sequence, DateTimeOffset RecordedAt, byte[] Payload)
{
    /// <summary>Largest payload one record may carry.</summary>
    public const int MaxPayloadBytes = 64 * 1024;
}

/// <summary>An engine's state (e.g. one market's book) as of journal sequence <see cref="Sequence"/>.</summary>
public sealed record JournalSnapshot(string Name, long Sequence, DateTimeOffset TakenAt, byte[] Payload);

/// <summary>
/// A fact derived from a command (a trade, an order update) kept beside the journal in a named
/// stream, written in the same transaction, for reading by time or id (market data, feeds).
/// Ids run 1, 2, 3, … per stream.
/// </summary>
public sealed record StoreEvent(string Stream, long Id, DateTimeOffset At, byte[] Payload)
{
    /// <summary>
    /// Streams whose names start with this are indexed by time as well as by id (market trades: candles,
    /// VWAP). Reading another stream by time scans it whole.
    /// </summary>
    public const string TimeIndexedPrefix = "trades:";
}
