use super::writer::{DeliveryColumns, Job, PendingInsert, ResponseColumns};
use super::{uuid, SqliteStore};
use crate::db::{
    DeliveryStatus, InsertOutcome, NewDelivery, NewResponse, ResponseDeliveryStatus,
    ResponseFilter, ResponseRow, ResponseStore, StoredResponse,
};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
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
        let delivery = match delivery {
            Some(d) => Some(DeliveryColumns {
                id: d.id.to_string(),
                plan_json: sonic_rs::to_string(&d.plan)?,
                contact_email: d.plan.contact_email(),
                skip_reason: d.plan.skip_reason().map(str::to_owned),
            }),
            None => None,
        };
        let pending = PendingInsert {
            response: ResponseColumns::new(response)?,
            delivery,
            reply,
        };
        self.write(Job::Insert(Box::new(pending)), answer).await
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

    async fn response_count(&self, survey_id: Uuid) -> anyhow::Result<u64> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM responses WHERE survey_id = ?")
            .bind(survey_id.to_string())
            .fetch_one(&self.pool)
            .await?;
        Ok(count.try_into()?)
    }

    async fn responses(&self, survey_id: Uuid) -> anyhow::Result<Vec<StoredResponse>> {
        let rows = sqlx::query(&format!(
            "SELECT {RESPONSE_COLUMNS} FROM responses r WHERE r.survey_id = ? ORDER BY r.created_at"
        ))
        .bind(survey_id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(response_from_row).collect()
    }

    async fn response_page(
        &self,
        account_id: Uuid,
        survey_id: Uuid,
        filter: &ResponseFilter,
    ) -> anyhow::Result<Vec<ResponseRow>> {
        let (status, not_sent) = match filter.status {
            Some(ResponseDeliveryStatus::Delivery(status)) => (Some(status.as_str()), false),
            Some(ResponseDeliveryStatus::NotSent) => (None, true),
            None => (None, false),
        };
        let (before_at, before_id) = filter
            .before
            .map(|(at, id)| (Some(at), Some(id.to_string())))
            .unwrap_or_default();
        let rows = sqlx::query(&format!(
            "SELECT {RESPONSE_COLUMNS}, d.id AS delivery_id, d.status AS delivery_status \
             FROM responses r LEFT JOIN deliveries d ON d.response_id = r.id \
             WHERE r.account_id = ?1 AND r.survey_id = ?2 \
             AND (?3 IS NULL OR r.created_at >= ?3) AND (?4 IS NULL OR r.created_at < ?4) \
             AND (?5 IS NULL OR d.status = ?5) AND (?6 = 0 OR d.id IS NULL) \
             AND (?7 IS NULL OR r.created_at < ?7 OR (r.created_at = ?7 AND r.id < ?8)) \
             ORDER BY r.created_at DESC, r.id DESC LIMIT ?9"
        ))
        .bind(account_id.to_string())
        .bind(survey_id.to_string())
        .bind(filter.from)
        .bind(filter.to)
        .bind(status)
        .bind(not_sent)
        .bind(before_at)
        .bind(before_id)
        .bind(filter.limit.max(1))
        .fetch_all(&self.pool)
        .await
        .context("cannot list responses")?;
        rows.iter().map(response_row_from_row).collect()
    }

    async fn response_by_token(
        &self,
        survey_id: Uuid,
        submission_token: &str,
    ) -> anyhow::Result<Option<ResponseRow>> {
        let row = sqlx::query(&format!(
            "SELECT {RESPONSE_COLUMNS}, d.id AS delivery_id, d.status AS delivery_status \
             FROM responses r LEFT JOIN deliveries d ON d.response_id = r.id \
             WHERE r.survey_id = ? AND r.submission_token = ?"
        ))
        .bind(survey_id.to_string())
        .bind(submission_token)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the response")?;
        row.as_ref().map(response_row_from_row).transpose()
    }

    async fn response(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<Option<ResponseRow>> {
        let row = sqlx::query(&format!(
            "SELECT {RESPONSE_COLUMNS}, d.id AS delivery_id, d.status AS delivery_status \
             FROM responses r LEFT JOIN deliveries d ON d.response_id = r.id \
             WHERE r.id = ? AND r.account_id = ?"
        ))
        .bind(id.to_string())
        .bind(account_id.to_string())
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the response")?;
        row.as_ref().map(response_row_from_row).transpose()
    }
}

const RESPONSE_COLUMNS: &str =
    "r.id, r.account_id, r.survey_id, r.answers, r.smclientid, r.hidden, r.created_at";

fn response_from_row(row: &SqliteRow) -> anyhow::Result<StoredResponse> {
    Ok(StoredResponse {
        id: uuid(row.try_get("id")?)?,
        account_id: uuid(row.try_get("account_id")?)?,
        survey_id: uuid(row.try_get("survey_id")?)?,
        answers: serde_json::from_str(row.try_get("answers")?).context("corrupt answers")?,
        smclientid: row.try_get("smclientid")?,
        hidden: match row.try_get::<Option<&str>, _>("hidden")? {
            Some(json) => serde_json::from_str(json).context("corrupt hidden fields")?,
            None => Vec::new(),
        },
        created_at: row.try_get("created_at")?,
    })
}

fn response_row_from_row(row: &SqliteRow) -> anyhow::Result<ResponseRow> {
    let delivery_id: Option<String> = row.try_get("delivery_id")?;
    let status: Option<String> = row.try_get("delivery_status")?;
    Ok(ResponseRow {
        response: response_from_row(row)?,
        delivery_id: delivery_id.as_deref().map(uuid).transpose()?,
        delivery_status: status
            .map(|s| DeliveryStatus::parse(&s).context("corrupt delivery status"))
            .transpose()?,
    })
}
