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
