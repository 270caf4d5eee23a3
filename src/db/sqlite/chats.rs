use super::SqliteStore;
use crate::db::chats::{note_statement, ChatChange, ChatStore, StoredChat};
use crate::domain::RespondentEmail;
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

#[async_trait]
impl ChatStore for SqliteStore {
    async fn note_chat(
        &self,
        contact_center_id: Uuid,
        conversation: &str,
        change: ChatChange,
        at: i64,
        forget_before: i64,
    ) -> anyhow::Result<()> {
        let (id, conversation) = (contact_center_id.to_string(), conversation.to_owned());
        let statement = note_statement(&change, '?');
        self.apply(move |tx| {
            tx.prepare_cached("DELETE FROM thulium_chats WHERE touched_at < ?1")?
                .execute(params![forget_before])?;
            let (email, agent_assigned) = change.columns();
            tx.prepare_cached(&statement)?.execute(params![
                id,
                conversation,
                email,
                agent_assigned,
                at
            ])?;
            Ok(())
        })
        .await
        .context("cannot note the chat")
    }

    async fn finish_chat(
        &self,
        contact_center_id: Uuid,
        conversation: &str,
        forget_before: i64,
    ) -> anyhow::Result<Option<StoredChat>> {
        let (id, conversation) = (contact_center_id.to_string(), conversation.to_owned());
        self.apply(move |tx| {
            let chat = tx
                .prepare_cached(
                    "DELETE FROM thulium_chats WHERE contact_center_id = ?1 AND conversation = ?2 \
                     RETURNING email, agent_assigned, touched_at",
                )?
                .query_row(params![id, conversation], |row| {
                    Ok((
                        StoredChat {
                            email: row
                                .get::<_, Option<String>>(0)?
                                .as_deref()
                                .and_then(RespondentEmail::parse),
                            agent_assigned: row.get::<_, i64>(1)? != 0,
                        },
                        row.get::<_, i64>(2)?,
                    ))
                })
                .optional()?;
            Ok(chat.and_then(|(chat, touched_at)| (touched_at >= forget_before).then_some(chat)))
        })
        .await
        .context("cannot read the chat")
    }
}
