-- The double-entry ledger: accounts and the append-only transfers table.
-- Balances are not stored apart: every transfer row carries both accounts' totals just after it.
-- Transfers are appended in position order, so the table and its key index grow at their ends;
-- the per-account history index (account_entries) is built in bulk behind them (see docs/ledger.md).
CREATE TABLE accounts (
    id        INTEGER PRIMARY KEY,
    asset     TEXT    NOT NULL,
    kind      INTEGER NOT NULL,
    owner_id  INTEGER NOT NULL,
    flags     INTEGER NOT NULL,
    UNIQUE (asset, kind, owner_id)
);

CREATE TABLE transfers (
    position            INTEGER PRIMARY KEY,
    key                 TEXT    NOT NULL UNIQUE,
    kind                INTEGER NOT NULL,
    debit_account       INTEGER NOT NULL,
    credit_account      INTEGER NOT NULL,
    asset               TEXT    NOT NULL,
    amount              INTEGER NOT NULL,
    pending_key         TEXT,
    reference           TEXT,
    created_at_us       INTEGER NOT NULL,
    dr_debits_pending   INTEGER NOT NULL,
    dr_debits_posted    INTEGER NOT NULL,
    dr_credits_pending  INTEGER NOT NULL,
    dr_credits_posted   INTEGER NOT NULL,
    cr_debits_pending   INTEGER NOT NULL,
    cr_debits_posted    INTEGER NOT NULL,
    cr_credits_pending  INTEGER NOT NULL,
    cr_credits_posted   INTEGER NOT NULL
);

-- A pending transfer is posted or voided at most once.
CREATE UNIQUE INDEX transfers_by_pending_key ON transfers (pending_key) WHERE pending_key IS NOT NULL;
CREATE INDEX transfers_pending ON transfers (position) WHERE kind = 2;

-- Which transfers touch an account: built in bulk, one bucket per catch-up, for every
-- transfer up to ledger_meta.history_indexed_through; later transfers are found by scanning the
-- (short) tail. A bucket is appended at the end of the index, never spread through it.
CREATE TABLE history_buckets (
    bucket          INTEGER PRIMARY KEY,
    last_position   INTEGER NOT NULL
);

-- positions: the account's ledger positions in the bucket, as LEB128 varints of the gaps
-- between them, the first counted from the bucket's start (src/Kinko.Storage/PositionList.cs).
CREATE TABLE account_entries (
    bucket      INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    positions   BLOB    NOT NULL,
    PRIMARY KEY (bucket, account_id)
) WITHOUT ROWID;

CREATE TABLE ledger_meta (
    name   TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);

INSERT INTO ledger_meta (name, value) VALUES ('history_indexed_through', 0);
