-- EmpikPlace (Mirakl) → Thulium helpdesk (see the SQLite migration of the
-- same number). Flags are 0/1 numbers as in SQLite, so that `db copy`
-- moves them as they are.
CREATE TABLE empik_integrations (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    shop_id text NOT NULL,
    api_url text NOT NULL,
    api_key_encrypted text NOT NULL,
    thulium_url text NOT NULL,
    thulium_user text NOT NULL,
    thulium_password_encrypted text NOT NULL,
    queue_id text NOT NULL,
    category_id text,
    customer_field text NOT NULL,
    auto_reply text,
    poll_seconds bigint NOT NULL,
    enabled bigint NOT NULL,
    paused_reason text,
    poll_state text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    UNIQUE (account_id, shop_id)
);

CREATE TABLE empik_threads (
    empik_id uuid NOT NULL REFERENCES empik_integrations (id),
    thread_id text NOT NULL,
    ticket_id text NOT NULL,
    customer_id text,
    created_at bigint NOT NULL,
    PRIMARY KEY (empik_id, thread_id)
);
CREATE INDEX empik_threads_ticket ON empik_threads (empik_id, ticket_id);

CREATE TABLE empik_sent (
    empik_id uuid NOT NULL REFERENCES empik_integrations (id),
    thread_id text NOT NULL,
    body_sha256 text NOT NULL,
    sent_at bigint NOT NULL
);
CREATE INDEX empik_sent_thread ON empik_sent (empik_id, thread_id);

ALTER TABLE deliveries ADD COLUMN empik_id uuid REFERENCES empik_integrations (id);
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check
    CHECK (kind IN ('response', 'event', 'webhook', 'empik'));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_check
    CHECK ((kind = 'response' AND survey_id IS NOT NULL AND response_id IS NOT NULL)
        OR (kind = 'event' AND contact_center_id IS NOT NULL AND interaction_id IS NOT NULL)
        OR (kind = 'webhook' AND survey_id IS NOT NULL AND response_id IS NULL)
        OR (kind = 'empik' AND empik_id IS NOT NULL AND interaction_id IS NOT NULL));
CREATE UNIQUE INDEX deliveries_empik ON deliveries (empik_id, interaction_id)
    WHERE empik_id IS NOT NULL;
