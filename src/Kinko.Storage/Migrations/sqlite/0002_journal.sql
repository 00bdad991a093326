-- The durable command journal (DESIGN.md, write path): one ordered stream per store, written in
-- the same transaction as the ledger transfers each command caused. Engines rebuild their state
-- from the latest snapshot plus the journal after it.
CREATE TABLE journal (
    sequence        INTEGER PRIMARY KEY,
    recorded_at_us  INTEGER NOT NULL,
    payload         BLOB NOT NULL
);

-- A snapshot of one engine's state (e.g. a market's book) as of a journal sequence.
CREATE TABLE journal_snapshots (
    name        TEXT    NOT NULL,
    sequence    INTEGER    NOT NULL,
    taken_at_us INTEGER    NOT NULL,
    payload     BLOB   NOT NULL,
    PRIMARY KEY (name, sequence)
);
