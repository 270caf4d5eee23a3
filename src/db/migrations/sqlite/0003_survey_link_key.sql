-- Per-survey key for signed smclientid links, encrypted under the server key
-- like the SALESmanago secrets (bound to the survey id).
ALTER TABLE surveys ADD COLUMN link_key_encrypted TEXT NOT NULL DEFAULT '';
