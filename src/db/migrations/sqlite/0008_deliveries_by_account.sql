-- Claims take turns across accounts: each account's due deliveries are read
-- in due order (the delivery worker claims per account). The old index on
-- (account_id, status) served the same per-account lookups; this one also
-- keeps each account's deliveries in due order, at the same count of indexes.
DROP INDEX deliveries_account_status;
CREATE INDEX deliveries_account_due ON deliveries (account_id, status, next_attempt_at);
