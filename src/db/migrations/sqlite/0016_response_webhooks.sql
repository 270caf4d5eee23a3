-- An account may have each new response posted to a webhook of its own
-- (JSON, signed with HMAC-SHA256 under a secret encrypted like the
-- SALESmanago one). Each post is a delivery of kind 'webhook' in the same
-- outbox: its survey set, the response's id in its plan (the body is made
-- from the response when it is sent, so no copy of the answers waits in
-- the outbox). SQLite cannot change a CHECK in place: the table is rebuilt
-- as in 0010, and gains the index by survey PostgreSQL has.
ALTER TABLE accounts ADD COLUMN webhook_url TEXT;
ALTER TABLE accounts ADD COLUMN webhook_secret_encrypted TEXT;

CREATE TABLE deliveries_rebuilt (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL DEFAULT 'response'
        CHECK (kind = 'response' OR kind = 'event' OR kind = 'webhook'),
    survey_id TEXT REFERENCES surveys (id),
    response_id TEXT UNIQUE REFERENCES responses (id),
    contact_center_id TEXT REFERENCES contact_centers (id),
    interaction_id TEXT,
    status TEXT NOT NULL CHECK (status = 'pending' OR status = 'delivered' OR status = 'failed'
                                OR status = 'paused' OR status = 'skipped' OR status = 'ignored'),
    -- What is sent (never the secret): target, properties, tags, cut keys,
    -- notes; or the event; or the response a webhook posts.
    plan TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_until INTEGER,
    last_error TEXT,
    request_kind TEXT,
    contact_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    delivered_at INTEGER,
    contact_email TEXT,
    CHECK ((kind = 'response' AND survey_id IS NOT NULL AND response_id IS NOT NULL)
        OR (kind = 'event' AND contact_center_id IS NOT NULL AND interaction_id IS NOT NULL)
        OR (kind = 'webhook' AND survey_id IS NOT NULL AND response_id IS NULL))
);
INSERT INTO deliveries_rebuilt (id, account_id, kind, survey_id, response_id, contact_center_id,
    interaction_id, status, plan, attempts, next_attempt_at, claimed_until, last_error, request_kind,
    contact_id, created_at, updated_at, delivered_at, contact_email)
SELECT id, account_id, kind, survey_id, response_id, contact_center_id,
    interaction_id, status, plan, attempts, next_attempt_at, claimed_until, last_error, request_kind,
    contact_id, created_at, updated_at, delivered_at, contact_email
FROM deliveries;

CREATE TEMP TABLE attempts_kept AS SELECT * FROM delivery_attempts;
DELETE FROM delivery_attempts;
DROP TABLE deliveries;
ALTER TABLE deliveries_rebuilt RENAME TO deliveries;
INSERT INTO delivery_attempts (delivery_id, attempt, at, outcome, request_kind, message)
SELECT delivery_id, attempt, at, outcome, request_kind, message FROM attempts_kept;
DROP TABLE attempts_kept;

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_account_due ON deliveries (account_id, status, next_attempt_at);
CREATE UNIQUE INDEX deliveries_interaction ON deliveries (contact_center_id, interaction_id)
    WHERE contact_center_id IS NOT NULL;
CREATE INDEX deliveries_contact_email ON deliveries (account_id, contact_email, created_at)
    WHERE contact_email IS NOT NULL;
CREATE INDEX deliveries_survey ON deliveries (survey_id, created_at);
