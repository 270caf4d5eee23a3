-- Failed admin sign-ins, shared by every instance on one database, so that
-- guessing an admin's password cannot go round the lock by switching
-- instances. The e-mail and the address are keyed hashes under the server
-- key: the table never holds either. Rows older than the lock's window are
-- deleted as new failures come.
CREATE TABLE sign_in_failures (
    email_key text NOT NULL,
    address_key text,
    failed_at bigint NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email_key, failed_at);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address_key, failed_at);
CREATE INDEX sign_in_failures_age ON sign_in_failures (failed_at);
