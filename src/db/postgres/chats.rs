use super::PostgresStore;
use crate::db::chats::{note_statement, ChatChange, ChatStore, StoredChat};
use crate::domain::RespondentEmail;
use anyhow::Context;
use async_trait::async_trait;
use sqlx::Row;
use uuid::Uuid;

#[async_trait]
impl ChatStore for PostgresStore {
    async fn note_chat(
        &self,
        contact_center_id: Uuid,
        conversation: &str,
        change: ChatChange,
        at: i64,
        forget_before: i64,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM thulium_chats WHERE touched_at < $1")
            .bind(forget_before)
            .execute(&mut *tx)
            .await?;
        let (email, agent_assigned) = change.columns();
        sqlx::query(&note_statement(&change, '$'))
            .bind(contact_center_id)
            .bind(conversation)
            .bind(email)
            .bind(agent_assigned)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await.context("cannot note the chat")
    }

    async fn finish_chat(
        &self,
        contact_center_id: Uuid,
        conversation: &str,
        forget_before: i64,
    ) -> anyhow::Result<Option<StoredChat>> {
        let row = sqlx::query(
            "DELETE FROM thulium_chats WHERE contact_center_id = $1 AND conversation = $2 \
             RETURNING email, agent_assigned, touched_at",
        )
        .bind(contact_center_id)
        .bind(conversation)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the chat")?;
        let Some(row) = row else {
            return Ok(None);
        };
        let touched_at: i64 = row.try_get("touched_at")?;
        Ok((touched_at >= forget_before).then_some(StoredChat {
            email: row
                .try_get::<Option<String>, _>("email")?
                .as_deref()
                .and_then(RespondentEmail::parse),
            agent_assigned: row.try_get::<i64, _>("agent_assigned")? != 0,
        }))
    }
}
