-- Personal data over its life. An account may keep responses for a number
-- of days only (NULL: forever); the server deletes older ones daily. Every
-- admin action that changes settings, secrets, surveys, tokens, deliveries
-- or erases a person leaves a row here: who, what, when, from where, never
-- the personal data itself (an erasure records its counts, not the e-mail).
ALTER TABLE accounts ADD COLUMN retention_days INTEGER;
-- And may keep what a delivered response sent (its answers' values) for a
-- number of days only (NULL: as long as the response); the ledger then
-- shows keys, tags and cuts. `body_removed_at` marks the done ones.
ALTER TABLE accounts ADD COLUMN delivery_body_days INTEGER;
ALTER TABLE deliveries ADD COLUMN body_removed_at INTEGER;

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    at INTEGER NOT NULL,
    -- `admin:<e-mail>`, `token:<name>` or `cli`.
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX audit_log_account ON audit_log (account_id, at);
-- Retention finds a survey's old responses by this index already
-- (responses_survey); event deliveries by their account and age need one.
CREATE INDEX deliveries_account_created ON deliveries (account_id, created_at);
CREATE INDEX responses_account_created ON responses (account_id, created_at);
