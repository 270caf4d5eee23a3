-- Admin sessions are cookies: signing out cleared only the browser's copy.
-- A session now carries its admin's generation, which signing out bumps, so
-- every copy of an older cookie stops working.
ALTER TABLE admin_users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
