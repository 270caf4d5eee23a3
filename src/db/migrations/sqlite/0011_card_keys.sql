-- Card keys: tokens that open only the embeddable contact card (/card), never
-- the JSON API, so a helpdesk's sidebar URL cannot be used to change anything.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'api'
    CHECK (scope IN ('api', 'card'));
