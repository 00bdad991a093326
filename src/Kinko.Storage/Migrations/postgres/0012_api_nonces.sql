-- API keys' last nonces written on their own by the server's nonce recorder (requests that carry
-- no trading command). A table of their own, so that the recorder's transactions never lock the
-- api_keys rows that the ledger's commits raise with orders; a key's last nonce is the larger of
-- api_keys.last_nonce and this one. (On SQLite the same table lives in its own file, nonces.db.)
CREATE TABLE api_nonces (
    key_id      TEXT   PRIMARY KEY,
    last_nonce  BIGINT NOT NULL
);
