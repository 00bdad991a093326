-- The durable command journal (DESIGN.md, write path): one ordered stream per store, written in
-- the same transaction as the ledger transfers each command caused. Engines rebuild their state
-- from the latest snapshot plus the journal after it.
CREATE TABLE journal (
    sequence        BIGINT PRIMARY KEY,
    recorded_at_us  BIGINT NOT NULL,
    payload         BYTEA NOT NULL
);

-- A snapshot of one engine's state (e.g. a market's book) as of a journal sequence.
CREATE TABLE journal_snapshots (
    name        TEXT NOT NULL,
    sequence    BIGINT NOT NULL,
    taken_at_us BIGINT NOT NULL,
    payload     BYTEA NOT NULL,
    PRIMARY KEY (name, sequence)
);
