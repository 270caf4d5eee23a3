-- An account may have each new response posted to a webhook of its own
-- (see the SQLite migration of the same number).
ALTER TABLE accounts ADD COLUMN webhook_url text;
ALTER TABLE accounts ADD COLUMN webhook_secret_encrypted text;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check
    CHECK (kind IN ('response', 'event', 'webhook'));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_check
    CHECK ((kind = 'response' AND survey_id IS NOT NULL AND response_id IS NOT NULL)
        OR (kind = 'event' AND contact_center_id IS NOT NULL AND interaction_id IS NOT NULL)
        OR (kind = 'webhook' AND survey_id IS NOT NULL AND response_id IS NULL));
