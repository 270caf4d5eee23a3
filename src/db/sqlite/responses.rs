use super::writer::PendingInsert;
use super::{uuid, SqliteStore};
use crate::db::{InsertOutcome, NewDelivery, NewResponse, ResponseStore, StoredResponse};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::Row;
use sqlx::{Sqlite, Transaction};
use tokio::sync::oneshot;
use uuid::Uuid;

/// Which unique rule a failed insert broke, as a domain outcome.
fn duplicate_outcome(error: &sqlx::Error) -> Option<InsertOutcome> {
    let sqlx::Error::Database(db) = error else {
        return None;
    };
    if !db.is_unique_violation() {
        return None;
    }
    if db.message().contains("submission_token") {
        Some(InsertOutcome::Duplicate)
    } else if db.message().contains("browser_id") {
        Some(InsertOutcome::AlreadyFilled)
    } else {
        None
    }
}

/// Inserts one response (and its delivery) inside the writer's transaction.
pub(super) async fn insert_one(
    tx: &mut Transaction<'_, Sqlite>,
    response: &NewResponse,
    delivery: Option<&NewDelivery>,
) -> anyhow::Result<InsertOutcome> {
    let inserted = sqlx::query(
            "INSERT INTO responses (id, account_id, survey_id, answers, smclientid, browser_id, submission_token, \
             created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(response.id.to_string())
        .bind(response.account_id.to_string())
        .bind(response.survey_id.to_string())
        .bind(serde_json::to_string(&response.answers)?)
        .bind(&response.smclientid)
        .bind(&response.browser_id)
        .bind(&response.submission_token)
        .bind(response.created_at)
        .execute(&mut **tx)
        .await;
    if let Err(error) = &inserted {
        if let Some(outcome) = duplicate_outcome(error) {
            return Ok(outcome);
        }
    }
    inserted.context("cannot store the response")?;
    if let Some(delivery) = delivery {
        let skip = delivery.plan.skip_reason();
        // A paused account queues new deliveries as paused: they would only
        // hit the same authentication error.
        sqlx::query(
                "INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, next_attempt_at, \
                 last_error, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, \
                   CASE WHEN ? THEN 'skipped' \
                        WHEN EXISTS (SELECT 1 FROM accounts WHERE id = ? AND sm_paused_reason IS NOT NULL) THEN 'paused' \
                        ELSE 'pending' END, \
                   ?, ?, COALESCE(?, (SELECT sm_paused_reason FROM accounts WHERE id = ?)), ?, ?)",
            )
            .bind(delivery.id.to_string())
            .bind(response.account_id.to_string())
            .bind(response.survey_id.to_string())
            .bind(response.id.to_string())
            .bind(skip.is_some())
            .bind(response.account_id.to_string())
            .bind(serde_json::to_string(&delivery.plan)?)
            .bind(response.created_at)
            .bind(skip)
            .bind(response.account_id.to_string())
            .bind(response.created_at)
            .bind(response.created_at)
            .execute(&mut **tx)
            .await
            .context("cannot queue the delivery")?;
    }
    Ok(InsertOutcome::Stored)
}

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
