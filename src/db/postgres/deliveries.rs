use super::accounts::resume_in;
use super::PostgresStore;
use crate::db::{
    AttemptRecord, DeliveryFilter, DeliveryHealth, DeliveryKind, DeliveryRecord, DeliverySource,
    DeliveryStatus, QueueStats,
};
use crate::domain::Work;
use anyhow::Context;
use sqlx::postgres::PgRow;
use sqlx::Row;
use uuid::Uuid;

/// attempt, at, outcome, request kind, message
type AttemptRow = (i64, i64, String, Option<String>, Option<String>);

pub(super) const DELIVERY_COLUMNS: &str =
    "id, account_id, kind, survey_id, response_id, contact_center_id, status, attempts, \
     next_attempt_at, last_error, request_kind, contact_id, created_at, updated_at, delivered_at, plan";

pub(super) fn record_from_row(row: &PgRow) -> anyhow::Result<DeliveryRecord> {
    let status: String = row.try_get("status")?;
    let kind: String = row.try_get("kind")?;
    let work = Work::from_stored(&kind, row.try_get("plan")?)
        .map_err(anyhow::Error::msg)
        .context("corrupt delivery plan")?;
    let source = match (kind.as_str(), &work) {
        (_, Work::Webhook(plan)) => DeliverySource::Webhook {
            survey_id: row.try_get("survey_id")?,
            response_id: plan.response_id,
        },
        (_, Work::Empik(plan)) => DeliverySource::Empik {
            integration_id: plan.integration_id(),
        },
        ("event", _) => DeliverySource::Interaction {
            contact_center_id: row.try_get("contact_center_id")?,
        },
        _ => DeliverySource::Response {
            survey_id: row.try_get("survey_id")?,
            response_id: row.try_get("response_id")?,
        },
    };
    Ok(DeliveryRecord {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        source,
        status: DeliveryStatus::parse(&status).context("corrupt delivery status")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        request_kind: row.try_get("request_kind")?,
        contact_id: row.try_get("contact_id")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        delivered_at: row.try_get("delivered_at")?,
        work,
    })
}

/// The reads and admin actions of `DeliveryStore`; the worker's claims and
/// results are in `claims.rs`.
impl PostgresStore {
    pub(super) async fn read_queue_stats(&self) -> anyhow::Result<QueueStats> {
        let (pending, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(created_at) FROM deliveries WHERE status = 'pending'",
        )
        .fetch_one(&self.pool)
        .await
        .context("cannot read the queue size")?;
        Ok(QueueStats {
            pending,
            oldest_pending_created_at: oldest,
        })
    }

    /// The first row in the due index, not a MIN over every pending row (a
    /// scan of the whole backlog): a claim moves a row's due time to its
    /// lease's end, so the due time alone orders them.
    pub(super) async fn read_next_due_at(&self) -> anyhow::Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT GREATEST(next_attempt_at, COALESCE(claimed_until, 0)) FROM deliveries \
             WHERE status = 'pending' ORDER BY next_attempt_at LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?)
    }

    pub(super) async fn read_deliveries(
        &self,
        filter: &DeliveryFilter,
    ) -> anyhow::Result<Vec<DeliveryRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries \
             WHERE ($1::uuid IS NULL OR account_id = $1) AND ($2::text IS NULL OR status = $2) \
             AND ($4::uuid IS NULL OR survey_id = $4) \
             AND ($5::bigint IS NULL OR created_at < $5 OR (created_at = $5 AND id < $6)) \
             AND ($7::text IS NULL OR kind = $7) AND ($8::uuid IS NULL OR contact_center_id = $8) \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .bind(filter.account_id)
        .bind(filter.status.map(DeliveryStatus::as_str))
        .bind(if filter.limit > 0 {
            filter.limit
        } else {
            i64::MAX
        })
        .bind(filter.survey_id)
        .bind(filter.before.map(|(at, _)| at))
        .bind(filter.before.map(|(_, id)| id))
        .bind(filter.kind.map(DeliveryKind::as_str))
        .bind(filter.contact_center_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot list deliveries")?;
        rows.iter().map(record_from_row).collect()
    }

    pub(super) async fn read_delivery(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<DeliveryRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2)"
        ))
        .bind(id)
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the delivery")?;
        row.as_ref().map(record_from_row).transpose()
    }

    pub(super) async fn read_attempts(
        &self,
        delivery_id: Uuid,
    ) -> anyhow::Result<Vec<AttemptRecord>> {
        let rows: Vec<AttemptRow> = sqlx::query_as(
            "SELECT attempt, at, outcome, request_kind, message FROM delivery_attempts \
             WHERE delivery_id = $1 \
             UNION ALL SELECT attempts, delivered_at, 'delivered', request_kind, NULL FROM deliveries \
             WHERE id = $1 AND status = 'delivered' ORDER BY 1",
        )
        .bind(delivery_id)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the delivery attempts")?;
        Ok(rows
            .into_iter()
            .map(
                |(attempt, at, outcome, request_kind, message)| AttemptRecord {
                    attempt,
                    at,
                    outcome,
                    request_kind,
                    message,
                },
            )
            .collect())
    }

    pub(super) async fn read_delivery_health(
        &self,
        account_id: Uuid,
        since: i64,
    ) -> anyhow::Result<Vec<(Uuid, DeliveryHealth)>> {
        let rows: Vec<(Uuid, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT survey_id, \
               COUNT(*) FILTER (WHERE status = 'delivered' AND updated_at >= $2), \
               COUNT(*) FILTER (WHERE status = 'pending' AND attempts > 0 AND last_error IS NOT NULL), \
               COUNT(*) FILTER (WHERE status = 'paused'), \
               COUNT(*) FILTER (WHERE status = 'failed' AND updated_at >= $2) \
             FROM deliveries WHERE account_id = $1 AND kind = 'response' GROUP BY survey_id",
        )
        .bind(account_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await
        .context("cannot read delivery health")?;
        Ok(rows
            .into_iter()
            .map(|(survey, delivered_24h, retrying, paused, failed_24h)| {
                (
                    survey,
                    DeliveryHealth {
                        delivered_24h,
                        retrying,
                        paused,
                        failed_24h,
                    },
                )
            })
            .collect())
    }

    pub(super) async fn retry_one(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
        now: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let found: Option<(Uuid, String)> = sqlx::query_as(
            "SELECT account_id, status FROM deliveries WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2)",
        )
        .bind(id)
        .bind(account_id)
        .fetch_optional(&mut *tx)
        .await?;
        let retried = match found.as_ref().map(|(a, s)| (*a, s.as_str())) {
            Some((account, "paused")) => resume_in(&mut tx, account, now).await? > 0,
            // A delivery in flight (claimed) is left to finish its attempt.
            Some((_, "failed" | "pending")) => {
                sqlx::query(
                    "UPDATE deliveries SET status = 'pending', next_attempt_at = $1, claimed_until = NULL, updated_at = $1 \
                     WHERE id = $2 AND (claimed_until IS NULL OR claimed_until <= $1)",
                )
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    > 0
            }
            _ => false,
        };
        tx.commit().await.context("cannot retry the delivery")?;
        Ok(retried)
    }

    pub(super) async fn read_deliveries_for_email(
        &self,
        account_id: Uuid,
        email: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<DeliveryRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries \
             WHERE account_id = $1 AND contact_email = $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .bind(account_id)
        .bind(email.trim().to_lowercase())
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the e-mail's deliveries")?;
        rows.iter().map(record_from_row).collect()
    }

    pub(super) async fn retry_all_failed(
        &self,
        account_id: Option<Uuid>,
        now: i64,
    ) -> anyhow::Result<u64> {
        let done = sqlx::query(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = $1, claimed_until = NULL, updated_at = $1 \
             WHERE status = 'failed' AND ($2::uuid IS NULL OR account_id = $2)",
        )
        .bind(now)
        .bind(account_id)
        .execute(&self.pool)
        .await
        .context("cannot retry the failed deliveries")?;
        Ok(done.rows_affected())
    }
}
