-- Facts derived from journaled commands (trades, order updates), per named stream, written in the
-- same transaction as their command. Read by id (pagination, feeds) or by time (candles, VWAP).
CREATE TABLE events (
    stream   TEXT    NOT NULL,
    id       INTEGER NOT NULL,
    at_us    INTEGER NOT NULL,
    payload  BLOB    NOT NULL,
    PRIMARY KEY (stream, id)
) WITHOUT ROWID;

CREATE INDEX events_by_time ON events (stream, at_us);
