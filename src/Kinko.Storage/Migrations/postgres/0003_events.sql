-- Facts derived from journaled commands (trades, order updates), per named stream, written in the
-- same transaction as their command. Read by id (pagination, feeds) or by time (candles, VWAP).
CREATE TABLE events (
    stream   TEXT   NOT NULL,
    id       BIGINT NOT NULL,
    at_us    BIGINT NOT NULL,
    payload  BYTEA  NOT NULL,
    PRIMARY KEY (stream, id)
);

CREATE INDEX events_by_time ON events (stream, at_us);
