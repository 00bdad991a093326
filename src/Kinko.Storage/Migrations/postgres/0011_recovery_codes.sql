-- Two-factor recovery codes: one-time codes given when two-factor is confirmed (or renewed), each
-- usable once at login in place of an authenticator code. Only their SHA-256 is kept.
CREATE TABLE recovery_codes (
    principal_kind  INTEGER NOT NULL,
    principal_id    BIGINT  NOT NULL,
    code_hash       TEXT    NOT NULL,
    used_at_us      BIGINT,
    PRIMARY KEY (principal_kind, principal_id, code_hash)
);
