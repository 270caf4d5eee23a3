-- The status rule used `status IN (…)`, which SQLite checks by building a
-- temporary b-tree on every insert and update of a delivery: a tenth of a
-- submit's instructions (callgrind). The same rule, written as comparisons.
-- SQLite cannot change a CHECK in place, so the table is rebuilt. This runs
-- in one transaction with foreign keys on: the attempt history (the only
-- table that points at deliveries) is set aside while the old table goes,
-- and put back once the new one has every row.
CREATE TABLE deliveries_rebuilt (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    response_id TEXT NOT NULL UNIQUE REFERENCES responses (id),
    status TEXT NOT NULL CHECK (status = 'pending' OR status = 'delivered' OR status = 'failed'
                                OR status = 'paused' OR status = 'skipped'),
    -- What is sent (never the secret): target, properties, tags, cut keys, notes.
    plan TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_until INTEGER,
    last_error TEXT,
    request_kind TEXT,
    contact_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    delivered_at INTEGER
);
INSERT INTO deliveries_rebuilt (id, account_id, survey_id, response_id, status, plan, attempts,
    next_attempt_at, claimed_until, last_error, request_kind, contact_id, created_at, updated_at, delivered_at)
SELECT id, account_id, survey_id, response_id, status, plan, attempts,
    next_attempt_at, claimed_until, last_error, request_kind, contact_id, created_at, updated_at, delivered_at
FROM deliveries;

CREATE TEMP TABLE attempts_kept AS SELECT * FROM delivery_attempts;
DELETE FROM delivery_attempts;
DROP TABLE deliveries;
ALTER TABLE deliveries_rebuilt RENAME TO deliveries;
INSERT INTO delivery_attempts (delivery_id, attempt, at, outcome, request_kind, message)
SELECT delivery_id, attempt, at, outcome, request_kind, message FROM attempts_kept;
DROP TABLE attempts_kept;

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_account_status ON deliveries (account_id, status);
