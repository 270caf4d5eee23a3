-- The contact card lists an e-mail's deliveries. The e-mail lives inside the
-- plan's JSON, which only a scan of the account's deliveries can search (about
-- half a second per 200,000 deliveries); a column of its own, lowercased,
-- with an index finds them at once. Filled for existing deliveries here.
ALTER TABLE deliveries ADD COLUMN contact_email TEXT;
UPDATE deliveries SET contact_email = lower(coalesce(
    json_extract(plan, '$.email'),
    json_extract(plan, '$.target.email'),
    json_extract(plan, '$.target.fallback_email')));
CREATE INDEX deliveries_contact_email ON deliveries (account_id, contact_email, created_at)
    WHERE contact_email IS NOT NULL;
