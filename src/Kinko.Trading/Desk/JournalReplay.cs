using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Trading.Desk;

/// <summary>Re-applies journaled commands to a trading core, touching no money (it moved when they were journaled).</summary>
public static class JournalReplay
{
    /// <summary>Records read per step.</summary>
    public const int PageSize = 10_000;

    /// <summary>Applies the journal's records after <paramref name="after"/> up to <paramref name="upTo"/>; returns the last sequence applied.</summary>
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
                if (record.Sequence > upTo)
                {
                    return last;
                }

                Invariant.Assert(record.Sequence == last + 1, "the journal has a gap");
                var (command, orderId) = JournalCodec.Decode(record.Payload);
                var result = core.Execute(command, record.Sequence, record.RecordedAt, ReplayHoldLedger.Instance, orderId);
                Invariant.Assert(result.Accepted, $"journal record {record.Sequence} was refused on replay: {result.Error}");
                last = record.Sequence;
            }

            if (records.Count < PageSize)
            {
                break;
            }
        }

        return last;
    }
}
