use super::writer::PendingInsert;
use super::{uuid, SqliteStore};
use crate::db::{InsertOutcome, NewDelivery, NewResponse, ResponseStore, StoredResponse};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::Row;
use tokio::sync::oneshot;
use uuid::Uuid;

#[async_trait]
impl ResponseStore for SqliteStore {
    async fn insert_response(
        &self,
        response: &NewResponse,
        delivery: Option<&NewDelivery>,
    ) -> anyhow::Result<InsertOutcome> {
        let (reply, answer) = oneshot::channel();
        let pending = PendingInsert {
            response: response.clone(),
            delivery: delivery.cloned(),
            answers_json: serde_json::to_string(&response.answers)?,
            plan_json: delivery
                .map(|d| serde_json::to_string(&d.plan))
                .transpose()?,
            reply,
        };
        self.writer
            .send(pending)
            .await
            .map_err(|_| anyhow::anyhow!("the database writer has stopped"))?;
        answer.await.context("the database writer has stopped")?
    }

    async fn has_browser_response(
        &self,
        survey_id: Uuid,
        browser_id: &str,
    ) -> anyhow::Result<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM responses WHERE survey_id = ? AND browser_id = ?")
                .bind(survey_id.to_string())
                .bind(browser_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    async fn responses(&self, survey_id: Uuid) -> anyhow::Result<Vec<StoredResponse>> {
        let rows = sqlx::query(
            "SELECT id, survey_id, answers, smclientid, created_at FROM responses WHERE survey_id = ? ORDER BY created_at",
        )
        .bind(survey_id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredResponse {
                    id: uuid(row.try_get("id")?)?,
                    survey_id: uuid(row.try_get("survey_id")?)?,
                    answers: serde_json::from_str(row.try_get("answers")?)?,
                    smclientid: row.try_get("smclientid")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }
}
