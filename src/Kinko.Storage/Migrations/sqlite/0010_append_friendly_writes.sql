-- Trading wrote its index entries all over their indexes instead of at their ends: a page written
-- per commit for almost every row. Now:
-- * no index on pending_key: a post or void landed beside the hold it settles, which may be old.
--   Posting or voiding a hold at most once is the ledger engine's rule (its open holds in memory,
--   checked in every batch); the open holds at start are found in one pass instead.
-- * events become an append-only log in commit order. Customers' streams (orders, fills) were each
--   written at their own place in the (stream, id) key; now each stream's place in the log is
--   indexed in bulk, one row per stream per bucket of the log (stream_entries), and reads scan the
--   (short) unindexed tail. Only market trades are read by time (candles, VWAP): a partial index.
DROP INDEX transfers_by_pending_key;

CREATE TABLE event_log (
    seq      INTEGER PRIMARY KEY,
    stream   TEXT    NOT NULL,
    id       INTEGER NOT NULL,
    at_us    INTEGER NOT NULL,
    payload  BLOB    NOT NULL
);

INSERT INTO event_log (seq, stream, id, at_us, payload)
SELECT ROW_NUMBER() OVER (ORDER BY stream, id), stream, id, at_us, payload FROM events;

DROP TABLE events;

CREATE INDEX event_log_by_time ON event_log (stream, at_us) WHERE stream LIKE 'trades:%';

-- Where a stream's events lie in one bucket of the log (bucket: the bucket's first seq), and the
-- range of their ids (a stream's ids need not grow with seq: an order is written when it ends).
CREATE TABLE stream_entries (
    stream     TEXT    NOT NULL,
    bucket     INTEGER NOT NULL,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    min_id     INTEGER NOT NULL,
    max_id     INTEGER NOT NULL,
    PRIMARY KEY (stream, bucket)
) WITHOUT ROWID;

-- The events copied above are indexed at once, as one bucket: each stream's rows are contiguous.
INSERT INTO stream_entries (stream, bucket, first_seq, last_seq, min_id, max_id)
SELECT stream, 1, MIN(seq), MAX(seq), MIN(id), MAX(id) FROM event_log GROUP BY stream;

INSERT INTO ledger_meta (name, value) SELECT 'events_indexed_through', COALESCE(MAX(seq), 0) FROM event_log;
