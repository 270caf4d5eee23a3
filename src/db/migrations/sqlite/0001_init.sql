-- Times are milliseconds since the Unix epoch; ids are UUID text.

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    language TEXT NOT NULL,
    property_prefix TEXT NOT NULL,
    sm_endpoint TEXT,
    sm_client_id TEXT,
    sm_owner TEXT,
    -- XChaCha20-Poly1305 under the server key, bound to the account id.
    sm_secret_encrypted TEXT,
    sm_paused_reason TEXT,
    sm_paused_at INTEGER,
    created_at INTEGER NOT NULL
);

CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    slug TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX surveys_account ON surveys (account_id);

CREATE TABLE responses (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    answers TEXT NOT NULL,
    smclientid TEXT,
    -- Set only when the survey allows one fill per browser (and no smclientid).
    browser_id TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX responses_survey ON responses (survey_id, created_at);
CREATE UNIQUE INDEX responses_once_per_browser ON responses (survey_id, browser_id)
    WHERE browser_id IS NOT NULL;

CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    survey_id TEXT NOT NULL REFERENCES surveys (id),
    response_id TEXT NOT NULL UNIQUE REFERENCES responses (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'paused', 'skipped')),
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
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_account_status ON deliveries (account_id, status);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
