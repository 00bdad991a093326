-- Customers' registered bank accounts for JPY withdrawals (spec §6.13). A deleted account keeps its
-- row (withdrawals refer to it), marked deleted, and no longer shows.
CREATE TABLE bank_accounts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT NOT NULL,
    bank_name      TEXT NOT NULL,
    branch_name    TEXT NOT NULL,
    account_type   TEXT NOT NULL,
    number         TEXT NOT NULL,
    holder_name    TEXT NOT NULL,
    created_at_us  BIGINT NOT NULL,
    deleted        INTEGER NOT NULL
);

CREATE INDEX bank_accounts_by_user ON bank_accounts (user_id);
