-- Every hold paid for a row in this index on the hot path, for one query at start (the open holds).
-- The start already reads every key once; finding the open holds by a scan of the same table is
-- of the same order, and trading's durable rate gains an index write on about half its transfers.
DROP INDEX transfers_pending;
