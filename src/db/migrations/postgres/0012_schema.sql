-- PostgreSQL's first schema is SQLite's schema 12, in one step: the two
-- backends share version numbers, so `ankieter --version` names one schema
-- whichever database a binary is pointed at. A later migration comes as a
-- pair with the same number, one file per backend.
--
-- Times are milliseconds since the Unix epoch (bigint); ids are uuid.
-- Documents (surveys, answers, plans) are JSON text written and read whole:
-- text costs nothing to store, jsonb would parse every submit.

CREATE TABLE meta (
    key text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE accounts (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    language text NOT NULL,
    property_prefix text NOT NULL,
    sm_endpoint text,
    sm_client_id text,
    sm_owner text,
    -- XChaCha20-Poly1305 under the server key, bound to the account id.
    sm_secret_encrypted text,
    sm_paused_reason text,
    sm_paused_at bigint,
    created_at bigint NOT NULL
);

CREATE TABLE surveys (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    slug text NOT NULL UNIQUE,
    document text NOT NULL,
    link_key_encrypted text NOT NULL DEFAULT '',
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);
CREATE INDEX surveys_account ON surveys (account_id);

CREATE TABLE responses (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    survey_id uuid NOT NULL REFERENCES surveys (id),
    answers text NOT NULL,
    smclientid text,
    browser_id text,
    created_at bigint NOT NULL,
    submission_token text,
    hidden text
);
CREATE INDEX responses_survey ON responses (survey_id, created_at);
CREATE UNIQUE INDEX responses_once_per_browser ON responses (survey_id, browser_id)
    WHERE browser_id IS NOT NULL;
CREATE UNIQUE INDEX responses_submission_token ON responses (survey_id, submission_token)
    WHERE submission_token IS NOT NULL;

CREATE TABLE admin_users (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    created_at bigint NOT NULL,
    session_generation bigint NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    name text NOT NULL,
    token_sha256 text NOT NULL UNIQUE,
    created_at bigint NOT NULL,
    revoked_at bigint,
    last_used_at bigint,
    scope text NOT NULL DEFAULT 'api' CHECK (scope IN ('api', 'card'))
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE contact_centers (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    name text NOT NULL,
    rules text NOT NULL,
    webhook_user text NOT NULL UNIQUE,
    webhook_password_sha256 text NOT NULL,
    thulium_url text,
    thulium_user text,
    thulium_password_encrypted text,
    poll_state text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE deliveries (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    kind text NOT NULL DEFAULT 'response' CHECK (kind IN ('response', 'event')),
    survey_id uuid REFERENCES surveys (id),
    response_id uuid UNIQUE REFERENCES responses (id),
    contact_center_id uuid REFERENCES contact_centers (id),
    interaction_id text,
    status text NOT NULL
        CHECK (status IN ('pending', 'delivered', 'failed', 'paused', 'skipped', 'ignored')),
    plan text NOT NULL,
    attempts bigint NOT NULL DEFAULT 0,
    next_attempt_at bigint NOT NULL,
    claimed_until bigint,
    last_error text,
    request_kind text,
    contact_id text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    delivered_at bigint,
    contact_email text,
    CHECK ((kind = 'response' AND survey_id IS NOT NULL AND response_id IS NOT NULL)
        OR (kind = 'event' AND contact_center_id IS NOT NULL AND interaction_id IS NOT NULL))
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_account_due ON deliveries (account_id, status, next_attempt_at);
CREATE UNIQUE INDEX deliveries_interaction ON deliveries (contact_center_id, interaction_id)
    WHERE contact_center_id IS NOT NULL;
CREATE INDEX deliveries_contact_email ON deliveries (account_id, contact_email, created_at)
    WHERE contact_email IS NOT NULL;
CREATE INDEX deliveries_survey ON deliveries (survey_id, created_at);

CREATE TABLE delivery_attempts (
    delivery_id uuid NOT NULL REFERENCES deliveries (id),
    attempt bigint NOT NULL,
    at bigint NOT NULL,
    outcome text NOT NULL,
    request_kind text,
    message text,
    PRIMARY KEY (delivery_id, attempt)
);

-- The per-account SALESmanago rate limit, shared by every instance: the
-- theoretical arrival time of the next call (GCRA), in microseconds.
CREATE TABLE call_pacing (
    account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    next_call_at_us bigint NOT NULL
);
