-- Contact-center integrations, and deliveries of their interactions as
-- SALESmanago external events beside survey responses.

CREATE TABLE contact_centers (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    -- Lowercase; the events' SALESmanago location is derived from it.
    name TEXT NOT NULL,
    -- JSON: prefix, channels and queues, add-if-missing, event types.
    rules TEXT NOT NULL,
    -- Thulium's webhooks sign in with HTTP Basic: the user as is, only a
    -- SHA-256 of the (random, generated) password.
    webhook_user TEXT NOT NULL UNIQUE,
    webhook_password_sha256 TEXT NOT NULL,
    -- Thulium's REST API, polled for tickets: the password encrypted under
    -- the server key, bound to the integration id.
    thulium_url TEXT,
    thulium_user TEXT,
    thulium_password_encrypted TEXT,
    -- The poller's high-water mark (JSON), so a restart never repeats.
    poll_state TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account_id, name)
);

-- Deliveries gain a kind: a survey response's ('response': survey and
-- response set) or an interaction's ('event': integration and interaction
-- id set, unique together, so a repeated interaction finds its delivery).
-- 'ignored' ends an event for a contact SALESmanago does not have. SQLite
-- cannot change columns in place: the table is rebuilt as in 0007.
CREATE TABLE deliveries_rebuilt (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL DEFAULT 'response' CHECK (kind = 'response' OR kind = 'event'),
    survey_id TEXT REFERENCES surveys (id),
    response_id TEXT UNIQUE REFERENCES responses (id),
    contact_center_id TEXT REFERENCES contact_centers (id),
    interaction_id TEXT,
    status TEXT NOT NULL CHECK (status = 'pending' OR status = 'delivered' OR status = 'failed'
                                OR status = 'paused' OR status = 'skipped' OR status = 'ignored'),
    -- What is sent (never the secret): target, properties, tags, cut keys,
    -- notes; or the event.
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
    CHECK ((kind = 'response' AND survey_id IS NOT NULL AND response_id IS NOT NULL)
        OR (kind = 'event' AND contact_center_id IS NOT NULL AND interaction_id IS NOT NULL))
);
INSERT INTO deliveries_rebuilt (id, account_id, kind, survey_id, response_id, status, plan, attempts,
    next_attempt_at, claimed_until, last_error, request_kind, contact_id, created_at, updated_at, delivered_at)
SELECT id, account_id, 'response', survey_id, response_id, status, plan, attempts,
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
CREATE INDEX deliveries_account_due ON deliveries (account_id, status, next_attempt_at);
CREATE UNIQUE INDEX deliveries_interaction ON deliveries (contact_center_id, interaction_id)
    WHERE contact_center_id IS NOT NULL;
