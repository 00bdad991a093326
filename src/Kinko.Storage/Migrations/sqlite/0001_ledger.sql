-- The double-entry ledger: accounts and the append-only transfers table.
-- Balances are not stored apart: every transfer row carries both accounts' totals just after it.
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

CREATE INDEX transfers_by_debit ON transfers (debit_account, position);
CREATE INDEX transfers_by_credit ON transfers (credit_account, position);
-- A pending transfer is posted or voided at most once.
CREATE UNIQUE INDEX transfers_by_pending_key ON transfers (pending_key) WHERE pending_key IS NOT NULL;
CREATE INDEX transfers_pending ON transfers (position) WHERE kind = 2;
