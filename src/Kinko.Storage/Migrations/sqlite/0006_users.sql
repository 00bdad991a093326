-- Users (customers) and operators (staff of the admin API), each in its own table with the same
-- columns. email_key is the address trimmed and lower-cased: unique, so two sign-ups with the
-- same address in different case cannot both pass. password_hash is Argon2id with its parameters
-- ($argon2id$v=19$m=…,t=…,p=1$salt$hash). The TOTP secret is sealed (AES-GCM under the
-- key-encryption key, purpose "totp:user:<id>" or "totp:operator:<id>"), never plaintext;
-- totp_pending_sealed holds a secret enrolled but not yet confirmed with a code. totp_last_step
-- only moves forward, so a code works once. failed_logins and locked_until_us carry the lock-out.
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    email                TEXT NOT NULL,
    email_key            TEXT NOT NULL UNIQUE,
    password_hash        TEXT NOT NULL,
    totp_sealed          BLOB,
    totp_pending_sealed  BLOB,
    totp_last_step       INTEGER NOT NULL DEFAULT 0,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until_us      INTEGER NOT NULL DEFAULT 0,
    created_at_us        INTEGER NOT NULL
);

CREATE TABLE operators (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    email                TEXT NOT NULL,
    email_key            TEXT NOT NULL UNIQUE,
    password_hash        TEXT NOT NULL,
    totp_sealed          BLOB,
    totp_pending_sealed  BLOB,
    totp_last_step       INTEGER NOT NULL DEFAULT 0,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until_us      INTEGER NOT NULL DEFAULT 0,
    created_at_us        INTEGER NOT NULL,
    role                 TEXT NOT NULL
);

-- Web sessions (users, cookie) and admin sessions (operators, bearer token). Only the SHA-256 of
-- the random token is kept. principal_kind: 1 user, 2 operator.
CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,
    principal_kind  INTEGER NOT NULL,
    principal_id    INTEGER NOT NULL,
    created_at_us   INTEGER NOT NULL,
    expires_at_us   INTEGER NOT NULL
);

CREATE INDEX sessions_by_principal ON sessions (principal_kind, principal_id);
