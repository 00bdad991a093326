-- API keys (Coincheck-style HMAC authentication). The secret is sealed (AES-GCM under the
-- key-encryption key, purpose "api-key:<key_id>"), never stored in plaintext. last_nonce moves
-- only forward, in one conditional UPDATE, and only after a signature checked out.
CREATE TABLE api_keys (
    key_id         TEXT PRIMARY KEY,
    user_id        BIGINT NOT NULL,
    secret_sealed  BYTEA NOT NULL,
    permissions    TEXT NOT NULL,
    ip_allow       TEXT,
    enabled        INTEGER NOT NULL,
    last_nonce     BIGINT NOT NULL,
    created_at_us  BIGINT NOT NULL
);

CREATE INDEX api_keys_by_user ON api_keys (user_id);
