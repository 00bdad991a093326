using System.Data;
using System.Data.Common;
using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>
/// Events in one append-only log, in commit order, so a commit writes its events at the log's end
/// whatever streams they belong to. Where each stream's events lie is indexed in bulk once
/// <see cref="SqlLedgerStore.MaxUnindexedEvents"/> wait: one <c>stream_entries</c> row per stream per
/// bucket of the log. Reads look up the stream's entries, scan the seq ranges they name, and scan
/// the unindexed tail. See docs/ledger.md.
/// </summary>
internal static class EventHistory
{
    /// <summary>Default for the most events left out of the stream index before a bulk catch-up.</summary>
    public const long DefaultMaxUnindexed = 8_192;

    private const string Columns = "id, at_us, payload";

    /// <summary>Reads where the unindexed tail's streams lie, for a writer that opens the store.</summary>
    public static EventTail ReadTail(DbConnection connection)
    {
        var indexedThrough = Sql.ScalarLong(connection, null, "SELECT value FROM ledger_meta WHERE name = 'events_indexed_through'");
        var lastSeq = Sql.ScalarLong(connection, null, "SELECT COALESCE(MAX(seq), 0) FROM event_log");
        var tail = new EventTail(indexedThrough, indexedThrough);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, stream, id FROM event_log WHERE seq > @w ORDER BY seq";
        Sql.AddParameter(command, "@w", indexedThrough);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var seq = reader.GetInt64(0);
                Kinko.Primitives.Invariant.Assert(seq == tail.LastSeq + 1, $"the event log has a gap before seq {seq}");
                tail.Add(seq, reader.GetString(1), reader.GetInt64(2));
            }
        }

        Kinko.Primitives.Invariant.Assert(tail.LastSeq == lastSeq, "the event log's tail does not reach its last seq");
        return tail;
    }

    /// <summary>Writes the tail's stream ranges as one bucket, in one transaction, and empties it.</summary>
    public static void CatchUp(DbConnection connection, EventTail tail, Action<DbTransaction, IReadOnlyList<StreamEntry>> insertEntries)
    {
        if (tail.Count == 0)
        {
            return;
        }

        var bucket = tail.IndexedThrough + 1;
        var entries = tail.ByStream
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new StreamEntry(e.Key, bucket, e.Value))
            .ToList();
        using var transaction = connection.BeginTransaction();
        insertEntries(transaction, entries);
        Sql.Execute(connection, transaction, $"UPDATE ledger_meta SET value = {tail.LastSeq} WHERE name = 'events_indexed_through'");
        transaction.Commit();
        tail.Reset();
    }

    /// <summary>Up to <paramref name="limit"/> events of the stream with an id below <paramref name="beforeId"/>, newest (highest id) first.</summary>
    public static List<StoreEvent> Before(DbConnection connection, string stream, long beforeId, int limit) =>
        Read(connection, stream, limit, newestFirst: true, beforeId);

    /// <summary>Up to <paramref name="limit"/> events of the stream with an id above <paramref name="afterId"/>, oldest (lowest id) first.</summary>
    public static List<StoreEvent> After(DbConnection connection, string stream, long afterId, int limit) =>
        Read(connection, stream, limit, newestFirst: false, afterId);

    /// <summary>
    /// The first <paramref name="limit"/> events of the stream in id order beyond <paramref name="bound"/>
    /// (below it, highest first; or above it, lowest first). A bucket's rows are read only if its id
    /// range could still change the answer.
    /// </summary>
    private static List<StoreEvent> Read(DbConnection connection, string stream, int limit, bool newestFirst, long bound)
    {
        var found = new List<StoreEvent>();
        if (limit <= 0 || bound == (newestFirst ? long.MinValue : long.MaxValue))
        {
            return found;
        }

        var condition = newestFirst ? "id < @id" : "id > @id";
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var watermark = Sql.ScalarLong(connection, transaction, "SELECT value FROM ledger_meta WHERE name = 'events_indexed_through'");
        found.AddRange(Range(connection, transaction, stream, watermark + 1, long.MaxValue, condition, bound));
        Trim(found, limit, newestFirst);
        foreach (var entry in Entries(connection, transaction, stream, newestFirst))
        {
            // The bucket's id nearest the front of the answer, if any of its ids is beyond the bound.
            var anyBeyond = newestFirst ? entry.MinId < bound : entry.MaxId > bound;
            var best = newestFirst ? Math.Min(entry.MaxId, bound - 1) : Math.Max(entry.MinId, bound + 1);
            if (!anyBeyond || (found.Count >= limit && !Improves(found[^1].Id, best, newestFirst)))
            {
                continue;
            }

            found.AddRange(Range(connection, transaction, stream, entry.FirstSeq, entry.LastSeq, condition, bound));
            Trim(found, limit, newestFirst);
        }

        transaction.Commit();
        return found;
    }

    private static bool Improves(long last, long candidate, bool newestFirst) => newestFirst ? candidate > last : candidate < last;

    private static void Trim(List<StoreEvent> found, int limit, bool newestFirst)
    {
        found.Sort((a, b) => newestFirst ? b.Id.CompareTo(a.Id) : a.Id.CompareTo(b.Id));
        if (found.Count > limit)
        {
            found.RemoveRange(limit, found.Count - limit);
        }
    }

    private static List<StreamRange> Entries(DbConnection connection, DbTransaction transaction, string stream, bool newestFirst)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT first_seq, last_seq, min_id, max_id FROM stream_entries WHERE stream = @s ORDER BY bucket {(newestFirst ? "DESC" : "ASC")}";
        Sql.AddParameter(command, "@s", stream);
        return Sql.ReadAll(command, r => new StreamRange(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)));
    }

    private static List<StoreEvent> Range(DbConnection connection, DbTransaction transaction, string stream, long firstSeq, long lastSeq, string condition, long id)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM event_log WHERE seq >= @first AND seq <= @last AND stream = @s AND {condition}";
        Sql.AddParameter(command, "@first", firstSeq);
        Sql.AddParameter(command, "@last", lastSeq);
        Sql.AddParameter(command, "@s", stream);
        Sql.AddParameter(command, "@id", id);
        return Sql.ReadAll(command, r => ReadEvent(stream, r));
    }

    public static StoreEvent ReadEvent(string stream, DbDataReader reader) =>
        new(stream, reader.GetInt64(0), TransferColumns.FromMicroseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2));
}
