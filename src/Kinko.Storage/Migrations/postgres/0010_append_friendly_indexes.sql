-- Indexes that trading wrote all over instead of at their ends, each a page written per commit
-- for almost every row:
-- * the unique index on pending_key: a post or void lands beside the hold it settles, which may
--   be old. Posting or voiding a hold at most once is the ledger engine's rule (its open holds in
--   memory, checked in every batch); the open holds at start are found by an anti-join instead.
-- * events by time for every stream: only market trades are read by time (candles, VWAP);
--   customers' order and fill streams are read by id, through the primary key.
DROP INDEX transfers_by_pending_key;
DROP INDEX events_by_time;
CREATE INDEX events_by_time ON events (stream, at_us) WHERE stream LIKE 'trades:%';
