-- The admin speaks Polish, Czech or English: each admin's own choice, or
-- (NULL) the account's language. Times on admin pages are shown in the
-- account's time zone; they stay stored as UTC.
ALTER TABLE admin_users ADD COLUMN language TEXT;
ALTER TABLE accounts ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Warsaw';
