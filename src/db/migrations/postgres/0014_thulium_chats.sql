-- Thulium chats between their creation and their close (which carries no
-- e-mail), shared by every instance on one database. A row lives for one
-- chat; rows of chats never closed are deleted a day after their last
-- notification. Flags are 0/1 numbers as in SQLite, so that `db copy`
-- moves them as they are.
CREATE TABLE thulium_chats (
    contact_center_id uuid NOT NULL,
    conversation text NOT NULL,
    email text,
    agent_assigned bigint NOT NULL,
    touched_at bigint NOT NULL,
    PRIMARY KEY (contact_center_id, conversation)
);
CREATE INDEX thulium_chats_age ON thulium_chats (touched_at);

-- Deliveries vacuumed sooner than PostgreSQL's default (once a fifth of the
-- table changed): a drain leaves each delivered row's old "pending" index
-- entries behind until a vacuum, and the claims' index probes step over
-- them. This migration holds it as PostgreSQL alone has the setting.
ALTER TABLE deliveries SET (
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_insert_scale_factor = 0.05
);
