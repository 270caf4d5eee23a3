-- Account API tokens for /api/v1. Only a SHA-256 of the token is stored: the
-- token itself is shown once, when it is created.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);
