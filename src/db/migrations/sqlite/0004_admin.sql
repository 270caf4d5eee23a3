-- Account admins sign in to the web admin; each belongs to one account.
CREATE TABLE admin_users (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    -- Lowercased: one admin per address across the server.
    email TEXT NOT NULL UNIQUE,
    -- argon2id PHC string.
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Every call made for a delivery, for the admin's delivery detail.
CREATE TABLE delivery_attempts (
    delivery_id TEXT NOT NULL REFERENCES deliveries (id),
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    request_kind TEXT,
    message TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
