-- Retention per account and the audit log (see the SQLite migration of the
-- same number).
ALTER TABLE accounts ADD COLUMN retention_days bigint;
-- And may keep what a delivered response sent (its answers' values) for a
-- number of days only (NULL: as long as the response); the ledger then
-- shows keys, tags and cuts. `body_removed_at` marks the done ones.
ALTER TABLE accounts ADD COLUMN delivery_body_days bigint;
ALTER TABLE deliveries ADD COLUMN body_removed_at bigint;

CREATE TABLE audit_log (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    at bigint NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    detail text NOT NULL,
    ip text
);
CREATE INDEX audit_log_account ON audit_log (account_id, at);
CREATE INDEX deliveries_account_created ON deliveries (account_id, created_at);
CREATE INDEX responses_account_created ON responses (account_id, created_at);
