using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

/// <summary>
/// The event log's reads by id against a plain list of what was written: streams written
/// interleaved, ids that grow (trades, fills) and ids that do not (orders, written when they end),
/// commits of every size so that reads cross many buckets of the stream index and its tail, and a
/// restart that rebuilds the writer's tail from the store.
/// </summary>
public sealed class EventLogTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Reads_by_id_match_what_was_written_across_buckets_and_a_restart(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var random = new Random(17);
        var written = new Dictionary<string, List<long>>();
        var nextId = new Dictionary<string, long>();
        string[] streams = ["trades:btc_jpy", "fills:1", "fills:2", "orders:1", "orders:2"];
        var sequence = 0L;
        for (var commit = 0; commit < 40; commit++)
        {
            var events = new List<StoreEvent>();
            for (var i = random.Next(0, 7); i > 0; i--)
            {
                var stream = streams[random.Next(streams.Length)];
                var id = NewId(stream, random, written, nextId);
                written.TryAdd(stream, []);
                written[stream].Add(id);
                events.Add(new StoreEvent(stream, id, T0.AddSeconds(commit), [(byte)(id % 256)]));
            }

            using (var batch = h.Engine.BeginBatch())
            {
                batch.Commit([new JournalRecord(++sequence, T0, [0])], events);
            }

            if (commit == 25)
            {
                h.Restart();
            }

            if (commit % 5 == 4)
            {
                CheckReads(h.Store, written, streams, random);
            }
        }

        CheckReads(h.Store, written, streams, random);
        h.Store.LastEventId("fills:9").ShouldBe(0);
        h.Store.ReadEventsBefore("fills:9", long.MaxValue, 10).ShouldBeEmpty();
    }

    /// <summary>Order ids are unique in their stream but written out of order; other streams count up.</summary>
    private static long NewId(string stream, Random random, Dictionary<string, List<long>> written, Dictionary<string, long> nextId)
    {
        if (!stream.StartsWith("orders:", StringComparison.Ordinal))
        {
            return nextId[stream] = nextId.GetValueOrDefault(stream) + 1;
        }

        long id;
        do
        {
            id = random.Next(1, 500);
        }
        while (written.TryGetValue(stream, out var ids) && ids.Contains(id));
        return id;
    }

    private static void CheckReads(ILedgerStore store, Dictionary<string, List<long>> written, string[] streams, Random random)
    {
        foreach (var stream in streams)
        {
            var ids = written.GetValueOrDefault(stream) ?? [];
            store.LastEventId(stream).ShouldBe(ids.Count == 0 ? 0 : ids.Max(), stream);
            for (var probe = 0; probe < 8; probe++)
            {
                var bound = probe == 0 ? long.MaxValue : random.Next(0, 520);
                var limit = random.Next(1, 12);
                var before = store.ReadEventsBefore(stream, bound, limit);
                before.Select(e => e.Id).ShouldBe(ids.Where(id => id < bound).OrderDescending().Take(limit), $"{stream} before {bound} limit {limit}");
                before.ShouldAllBe(e => e.Stream == stream && e.Payload[0] == (byte)(e.Id % 256));

                var after = probe == 0 ? 0 : bound;
                store.ReadEventsAfter(stream, after, limit).Select(e => e.Id)
                    .ShouldBe(ids.Where(id => id > after).Order().Take(limit), $"{stream} after {after} limit {limit}");
            }
        }
    }
}
