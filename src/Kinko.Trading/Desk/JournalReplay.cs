using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Trading.Desk;

/// <summary>Re-applies journaled commands to a trading core, touching no money (it moved when they were journaled).</summary>
public static class JournalReplay
{
    /// <summary>Records read per step.</summary>
    public const int PageSize = 10_000;

    /// <summary>Applies the journaled commands after <paramref name="after"/> up to <paramref name="upTo"/>; returns the last sequence applied.</summary>
    public static long Apply(TradingCore core, ILedgerStore store, long after, long upTo = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(store);
        var last = after;
        while (last < upTo)
        {
            var records = store.ReadJournal(last, PageSize);
            foreach (var record in records)
            {
                var commands = JournalCodec.DecodeRecord(record.Payload);
                var first = record.Sequence - commands.Count + 1;
                Invariant.Assert(first <= last + 1, "the journal has a gap");
                for (var i = 0; i < commands.Count; i++)
                {
                    var sequence = first + i;
                    if (sequence <= last)
                    {
                        continue; // covered by the snapshot the replay started from
                    }

                    if (sequence > upTo)
                    {
                        return last;
                    }

                    var (command, orderId) = commands[i];
                    var result = core.Execute(command, sequence, record.RecordedAt, ReplayHoldLedger.Instance, orderId);
                    Invariant.Assert(result.Accepted, $"journaled command {sequence} was refused on replay: {result.Error}");
                    last = sequence;
                }
            }

            if (records.Count < PageSize)
            {
                break;
            }
        }

        return last;
    }
}
