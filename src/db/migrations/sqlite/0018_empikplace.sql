-- EmpikPlace (Mirakl) → Thulium helpdesk. An integration polls one shop's
-- EmpikPlace inbox and keeps each thread in one Thulium ticket; agents'
-- replies in the ticket go back to the thread. Every step is a delivery of
-- kind 'empik' in the same outbox: (integration, interaction id) is unique,
-- so a message, a reply or an automatic reply is queued once however often
-- it is read. SQLite cannot change a CHECK in place: the table is rebuilt as
-- in 0016, with everything 0017 added to it.
CREATE TABLE empik_integrations (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    shop_id TEXT NOT NULL,
    -- `https://marketplace.empik.com/api` unless a sandbox.
    api_url TEXT NOT NULL,
    api_key_encrypted TEXT NOT NULL,
    thulium_url TEXT NOT NULL,
    thulium_user TEXT NOT NULL,
    thulium_password_encrypted TEXT NOT NULL,
    queue_id TEXT NOT NULL,
    category_id TEXT,
    -- The Thulium customer field that holds the EmpikPlace customer id.
    customer_field TEXT NOT NULL,
    auto_reply TEXT,
    poll_seconds INTEGER NOT NULL,
    enabled INTEGER NOT NULL,
    -- Set when EmpikPlace or Thulium refused the credentials.
    paused_reason TEXT,
    -- The poller's high-water marks (its own JSON), saved with the
    -- deliveries each poll queued.
    poll_state TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account_id, shop_id)
);

-- A thread's ticket, written by the delivery that created it. The ticket's
-- customer is fixed with it.
CREATE TABLE empik_threads (
    empik_id TEXT NOT NULL REFERENCES empik_integrations (id),
    thread_id TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    customer_id TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (empik_id, thread_id)
);
CREATE INDEX empik_threads_ticket ON empik_threads (empik_id, ticket_id);

-- Replies ankieter sent into a thread (a hash of the text): the inbox shows
-- them as the shop's messages, which must not come back into the ticket.
CREATE TABLE empik_sent (
    empik_id TEXT NOT NULL REFERENCES empik_integrations (id),
    thread_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);
CREATE INDEX empik_sent_thread ON empik_sent (empik_id, thread_id);

CREATE TABLE deliveries_rebuilt (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL DEFAULT 'response'
        CHECK (kind = 'response' OR kind = 'event' OR kind = 'webhook' OR kind = 'empik'),
    survey_id TEXT REFERENCES surveys (id),
    response_id TEXT UNIQUE REFERENCES responses (id),
    contact_center_id TEXT REFERENCES contact_centers (id),
    interaction_id TEXT,
    status TEXT NOT NULL CHECK (status = 'pending' OR status = 'delivered' OR status = 'failed'
                                OR status = 'paused' OR status = 'skipped' OR status = 'ignored'),
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
    body_removed_at INTEGER,
    empik_id TEXT REFERENCES empik_integrations (id),
    CHECK ((kind = 'response' AND survey_id IS NOT NULL AND response_id IS NOT NULL)
        OR (kind = 'event' AND contact_center_id IS NOT NULL AND interaction_id IS NOT NULL)
        OR (kind = 'webhook' AND survey_id IS NOT NULL AND response_id IS NULL)
        OR (kind = 'empik' AND empik_id IS NOT NULL AND interaction_id IS NOT NULL))
);
INSERT INTO deliveries_rebuilt (id, account_id, kind, survey_id, response_id, contact_center_id,
    interaction_id, status, plan, attempts, next_attempt_at, claimed_until, last_error, request_kind,
    contact_id, created_at, updated_at, delivered_at, contact_email, body_removed_at)
SELECT id, account_id, kind, survey_id, response_id, contact_center_id,
    interaction_id, status, plan, attempts, next_attempt_at, claimed_until, last_error, request_kind,
    contact_id, created_at, updated_at, delivered_at, contact_email, body_removed_at
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
CREATE UNIQUE INDEX deliveries_empik ON deliveries (empik_id, interaction_id)
    WHERE empik_id IS NOT NULL;
CREATE INDEX deliveries_contact_email ON deliveries (account_id, contact_email, created_at)
    WHERE contact_email IS NOT NULL;
CREATE INDEX deliveries_survey ON deliveries (survey_id, created_at);
CREATE INDEX deliveries_account_created ON deliveries (account_id, created_at);
