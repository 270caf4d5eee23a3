use super::response_batch::{insert_within_limit, InsertRow};
use super::PostgresStore;
use crate::db::{
    DeliveryStatus, InsertOutcome, NewDelivery, NewResponse, ResponseDeliveryStatus,
    ResponseFilter, ResponseRow, ResponseStore, StoredResponse,
};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;
use uuid::Uuid;

#[async_trait]
impl ResponseStore for PostgresStore {
    async fn insert_response(
        &self,
        response: &NewResponse,
        delivery: Option<&NewDelivery>,
    ) -> anyhow::Result<InsertOutcome> {
        let row = InsertRow::new(response, delivery)?;
        let stored = match response.max_responses {
            None => self.inserts.insert(row).await?,
            // A resend of a stored form still gets its thank-you page.
            Some(limit) => match insert_within_limit(&self.pool, &row, limit).await? {
                Some(stored) => stored,
                None => {
                    return Ok(self
                        .conflict(response)
                        .await?
                        .unwrap_or(InsertOutcome::Full))
                }
            },
        };
        if stored {
            return Ok(InsertOutcome::Stored);
        }
        self.conflict(response).await?.with_context(|| {
            format!(
                "response {} was not stored and no rule explains why",
                response.id
            )
        })
    }

    async fn has_browser_response(
        &self,
        survey_id: Uuid,
        browser_id: &str,
    ) -> anyhow::Result<bool> {
        let found: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM responses WHERE survey_id = $1 AND browser_id = $2")
                .bind(survey_id)
                .bind(browser_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    async fn response_count(&self, survey_id: Uuid) -> anyhow::Result<u64> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM responses WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(count.try_into()?)
    }

    async fn responses(&self, survey_id: Uuid) -> anyhow::Result<Vec<StoredResponse>> {
        let rows = sqlx::query(&format!(
            "SELECT {RESPONSE_COLUMNS} FROM responses r WHERE r.survey_id = $1 ORDER BY r.created_at, r.id"
        ))
        .bind(survey_id)
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
            .map(|(at, id)| (Some(at), Some(id)))
            .unwrap_or_default();
        let rows = sqlx::query(&format!(
            "SELECT {RESPONSE_COLUMNS}, d.id AS delivery_id, d.status AS delivery_status \
             FROM responses r LEFT JOIN deliveries d ON d.response_id = r.id \
             WHERE r.account_id = $1 AND r.survey_id = $2 \
             AND ($3::bigint IS NULL OR r.created_at >= $3) AND ($4::bigint IS NULL OR r.created_at < $4) \
             AND ($5::text IS NULL OR d.status = $5) AND (NOT $6 OR d.id IS NULL) \
             AND ($7::bigint IS NULL OR r.created_at < $7 OR (r.created_at = $7 AND r.id < $8)) \
             ORDER BY r.created_at DESC, r.id DESC LIMIT $9"
        ))
        .bind(account_id)
        .bind(survey_id)
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
             WHERE r.survey_id = $1 AND r.submission_token = $2"
        ))
        .bind(survey_id)
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
             WHERE r.id = $1 AND r.account_id = $2"
        ))
        .bind(id)
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the response")?;
        row.as_ref().map(response_row_from_row).transpose()
    }
}

impl PostgresStore {
    /// Why a response was not inserted: its form was stored already, or its
    /// browser already filled the survey.
    /// Why a response was not inserted: its form was stored already, or its
    /// browser already filled the survey (`None`: neither).
    async fn conflict(&self, response: &NewResponse) -> anyhow::Result<Option<InsertOutcome>> {
        let stored = |column: &'static str, value: Option<String>| async move {
            let Some(value) = value else {
                return anyhow::Ok(false);
            };
            let sql = format!("SELECT 1 FROM responses WHERE survey_id = $1 AND {column} = $2");
            let found: Option<i32> = sqlx::query_scalar(&sql)
                .bind(response.survey_id)
                .bind(value)
                .fetch_optional(&self.pool)
                .await?;
            Ok(found.is_some())
        };
        Ok(
            if stored("submission_token", response.submission_token.clone()).await? {
                Some(InsertOutcome::Duplicate)
            } else if stored("browser_id", response.browser_id.clone()).await? {
                Some(InsertOutcome::AlreadyFilled)
            } else {
                None
            },
        )
    }
}

const RESPONSE_COLUMNS: &str =
    "r.id, r.account_id, r.survey_id, r.answers, r.smclientid, r.hidden, r.created_at";

fn response_from_row(row: &PgRow) -> anyhow::Result<StoredResponse> {
    Ok(StoredResponse {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        survey_id: row.try_get("survey_id")?,
        answers: serde_json::from_str(row.try_get("answers")?).context("corrupt answers")?,
        smclientid: row.try_get("smclientid")?,
        hidden: match row.try_get::<Option<&str>, _>("hidden")? {
            Some(json) => serde_json::from_str(json).context("corrupt hidden fields")?,
            None => Vec::new(),
        },
        created_at: row.try_get("created_at")?,
    })
}

fn response_row_from_row(row: &PgRow) -> anyhow::Result<ResponseRow> {
    let status: Option<String> = row.try_get("delivery_status")?;
    Ok(ResponseRow {
        response: response_from_row(row)?,
        delivery_id: row.try_get("delivery_id")?,
        delivery_status: status
            .map(|s| DeliveryStatus::parse(&s).context("corrupt delivery status"))
            .transpose()?,
    })
}
