-- Thulium chats between their creation and their close (which carries no
-- e-mail), shared by every instance on one database. A row lives for one
-- chat; rows of chats never closed are deleted a day after their last
-- notification.
CREATE TABLE thulium_chats (
    contact_center_id TEXT NOT NULL,
    conversation TEXT NOT NULL,
    email TEXT,
    agent_assigned INTEGER NOT NULL,
    touched_at INTEGER NOT NULL,
    PRIMARY KEY (contact_center_id, conversation)
);
CREATE INDEX thulium_chats_age ON thulium_chats (touched_at);
