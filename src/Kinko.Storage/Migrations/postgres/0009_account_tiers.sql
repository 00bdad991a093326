-- Rate-limit tiers set by operators (kinko admin tier), over those in kinko.json. An account
-- without a row is in the tiers of kinko.json, else in the default tier.
CREATE TABLE account_tiers (
    user_id     BIGINT PRIMARY KEY,
    tier        TEXT NOT NULL,
    set_at_us   BIGINT NOT NULL
);
