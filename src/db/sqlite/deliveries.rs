use super::accounts::{pause_in, resume_in};
use super::{uuid, SqliteStore};
use crate::db::{
    AttemptRecord, ClaimedDelivery, DeliveryFilter, DeliveryHealth, DeliveryOutcome,
    DeliveryRecord, DeliveryStatus, DeliveryStore, QueueStats,
};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

const DELIVERY_COLUMNS: &str =
    "id, account_id, survey_id, response_id, status, attempts, next_attempt_at, \
     last_error, request_kind, contact_id, created_at, updated_at, delivered_at, plan";

fn record_from_row(row: &SqliteRow) -> anyhow::Result<DeliveryRecord> {
    let status: String = row.try_get("status")?;
    Ok(DeliveryRecord {
        id: uuid(row.try_get("id")?)?,
        account_id: uuid(row.try_get("account_id")?)?,
        survey_id: uuid(row.try_get("survey_id")?)?,
        response_id: uuid(row.try_get("response_id")?)?,
        status: DeliveryStatus::parse(&status).context("corrupt delivery status")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        request_kind: row.try_get("request_kind")?,
        contact_id: row.try_get("contact_id")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        delivered_at: row.try_get("delivered_at")?,
        plan: serde_json::from_str(row.try_get("plan")?).context("corrupt delivery plan")?,
    })
}

/// Records one attempt's result inside `tx`.
async fn finish_in(
    tx: &mut Transaction<'_, Sqlite>,
    claimed: &ClaimedDelivery,
    outcome: &DeliveryOutcome,
    now: i64,
) -> anyhow::Result<()> {
    let (status, next, error, kind, contact_id, delivered_at) = match outcome {
        DeliveryOutcome::Delivered {
            request_kind,
            contact_id,
        } => (
            "delivered",
            now,
            None,
            Some(request_kind.as_str()),
            contact_id.as_deref(),
            Some(now),
        ),
        DeliveryOutcome::Retry {
            request_kind,
            next_attempt_at,
            error,
        } => (
            "pending",
            *next_attempt_at,
            Some(error.as_str()),
            request_kind.as_deref(),
            None,
            None,
        ),
        DeliveryOutcome::Failed {
            request_kind,
            error,
        } => (
            "failed",
            now,
            Some(error.as_str()),
            request_kind.as_deref(),
            None,
            None,
        ),
        DeliveryOutcome::PauseAccount { reason } => {
            pause_in(tx, claimed.account_id, reason, now).await?;
            return record_attempt(tx, claimed, "paused", None, Some(reason), now).await;
        }
    };
    // `attempts = ?` makes this a no-op if the claim expired and another
    // worker took the delivery meanwhile.
    let updated = sqlx::query(
        "UPDATE deliveries SET status = ?, next_attempt_at = ?, last_error = ?, \
         request_kind = COALESCE(?, request_kind), contact_id = COALESCE(?, contact_id), \
         delivered_at = COALESCE(?, delivered_at), claimed_until = NULL, updated_at = ? \
         WHERE id = ? AND attempts = ? AND status = 'pending'",
    )
    .bind(status)
    .bind(next)
    .bind(error)
    .bind(kind)
    .bind(contact_id)
    .bind(delivered_at)
    .bind(now)
    .bind(claimed.id.to_string())
    .bind(claimed.attempts)
    .execute(&mut **tx)
    .await
    .context("cannot record the delivery attempt")?;
    // A delivered attempt is the delivery row itself (`attempts`,
    // `delivered_at`): only the others cost an extra insert on the drain path.
    let outcome_name = match outcome {
        DeliveryOutcome::Delivered { .. } => return Ok(()),
        DeliveryOutcome::Retry { .. } => "retry",
        _ => "failed",
    };
    if updated.rows_affected() == 0 {
        return Ok(());
    }
    record_attempt(tx, claimed, outcome_name, kind, error, now).await
}

/// Appends the attempt to the delivery's history.
async fn record_attempt(
    tx: &mut Transaction<'_, Sqlite>,
    claimed: &ClaimedDelivery,
    outcome: &str,
    request_kind: Option<&str>,
    message: Option<&str>,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT OR REPLACE INTO delivery_attempts (delivery_id, attempt, at, outcome, request_kind, message) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(claimed.id.to_string())
    .bind(claimed.attempts)
    .bind(now)
    .bind(outcome)
    .bind(request_kind)
    .bind(message)
    .execute(&mut **tx)
    .await
    .context("cannot record the delivery attempt")?;
    Ok(())
}

#[async_trait]
impl DeliveryStore for SqliteStore {
    async fn claim_due(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> anyhow::Result<Vec<ClaimedDelivery>> {
        // One short UPDATE … RETURNING: the claim is atomic and the HTTP call
        // happens later, outside any transaction.
        let rows = sqlx::query(
            "UPDATE deliveries SET claimed_until = ?, attempts = attempts + 1, updated_at = ? \
             WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? \
                          AND (claimed_until IS NULL OR claimed_until <= ?) \
                          ORDER BY next_attempt_at LIMIT ?) \
             RETURNING id, account_id, attempts, created_at, plan",
        )
        .bind(lease_until)
        .bind(now)
        .bind(now)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("cannot claim deliveries")?;
        rows.iter()
            .map(|row| {
                Ok(ClaimedDelivery {
                    id: uuid(row.try_get("id")?)?,
                    account_id: uuid(row.try_get("account_id")?)?,
                    attempts: row.try_get("attempts")?,
                    created_at: row.try_get("created_at")?,
                    plan: serde_json::from_str(row.try_get("plan")?)
                        .context("corrupt delivery plan")?,
                })
            })
            .collect()
    }

    async fn finish_deliveries(
        &self,
        results: &[(ClaimedDelivery, DeliveryOutcome)],
        now: i64,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        for (claimed, outcome) in results {
            finish_in(&mut tx, claimed, outcome, now).await?;
        }
        tx.commit()
            .await
            .context("cannot record the delivery attempts")
    }

    async fn queue_stats(&self) -> anyhow::Result<QueueStats> {
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

    async fn next_due_at(&self) -> anyhow::Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(MAX(next_attempt_at, COALESCE(claimed_until, 0))) FROM deliveries WHERE status = 'pending'",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    async fn deliveries(&self, filter: &DeliveryFilter) -> anyhow::Result<Vec<DeliveryRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries \
             WHERE (?1 IS NULL OR account_id = ?1) AND (?2 IS NULL OR status = ?2) \
             AND (?4 IS NULL OR survey_id = ?4) \
             AND (?5 IS NULL OR created_at < ?5 OR (created_at = ?5 AND id < ?6)) \
             ORDER BY created_at DESC, id DESC LIMIT ?3"
        ))
        .bind(filter.account_id.map(|id| id.to_string()))
        .bind(filter.status.map(DeliveryStatus::as_str))
        .bind(if filter.limit > 0 {
            filter.limit
        } else {
            i64::MAX
        })
        .bind(filter.survey_id.map(|id| id.to_string()))
        .bind(filter.before.map(|(at, _)| at))
        .bind(filter.before.map(|(_, id)| id.to_string()))
        .fetch_all(&self.pool)
        .await
        .context("cannot list deliveries")?;
        rows.iter().map(record_from_row).collect()
    }

    async fn delivery(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<DeliveryRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = ?1 AND (?2 IS NULL OR account_id = ?2)"
        ))
        .bind(id.to_string())
        .bind(account_id.map(|id| id.to_string()))
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the delivery")?;
        row.as_ref().map(record_from_row).transpose()
    }

    async fn attempts(&self, delivery_id: Uuid) -> anyhow::Result<Vec<AttemptRecord>> {
        let rows: Vec<(i64, i64, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT attempt, at, outcome, request_kind, message FROM delivery_attempts \
             WHERE delivery_id = ?1 \
             UNION ALL SELECT attempts, delivered_at, 'delivered', request_kind, NULL FROM deliveries \
             WHERE id = ?1 AND status = 'delivered' ORDER BY 1",
        )
        .bind(delivery_id.to_string())
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

    async fn delivery_health(
        &self,
        account_id: Uuid,
        since: i64,
    ) -> anyhow::Result<Vec<(Uuid, DeliveryHealth)>> {
        let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT survey_id, \
               SUM(status = 'delivered' AND updated_at >= ?2), \
               SUM(status = 'pending' AND attempts > 0 AND last_error IS NOT NULL), \
               SUM(status = 'paused'), \
               SUM(status = 'failed' AND updated_at >= ?2) \
             FROM deliveries WHERE account_id = ?1 GROUP BY survey_id",
        )
        .bind(account_id.to_string())
        .bind(since)
        .fetch_all(&self.pool)
        .await
        .context("cannot read delivery health")?;
        rows.into_iter()
            .map(|(survey, delivered_24h, retrying, paused, failed_24h)| {
                Ok((
                    uuid(&survey)?,
                    DeliveryHealth {
                        delivered_24h,
                        retrying,
                        paused,
                        failed_24h,
                    },
                ))
            })
            .collect()
    }

    async fn retry_delivery(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
        now: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let found: Option<(String, String)> = sqlx::query_as(
            "SELECT account_id, status FROM deliveries WHERE id = ?1 AND (?2 IS NULL OR account_id = ?2)",
        )
        .bind(id.to_string())
        .bind(account_id.map(|id| id.to_string()))
        .fetch_optional(&mut *tx)
        .await?;
        let retried = match found.as_ref().map(|(a, s)| (a, s.as_str())) {
            Some((account, "paused")) => resume_in(&mut tx, uuid(account)?, now).await? > 0,
            Some((_, "failed" | "pending")) => {
                // A delivery in flight (claimed) is left to finish its attempt.
                let done = sqlx::query(
                    "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, claimed_until = NULL, updated_at = ? \
                     WHERE id = ? AND (claimed_until IS NULL OR claimed_until <= ?)",
                )
                .bind(now)
                .bind(now)
                .bind(id.to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
                done.rows_affected() > 0
            }
            _ => false,
        };
        tx.commit().await?;
        Ok(retried)
    }

    async fn retry_failed(&self, account_id: Option<Uuid>, now: i64) -> anyhow::Result<u64> {
        let done = sqlx::query(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, claimed_until = NULL, updated_at = ? \
             WHERE status = 'failed' AND (? IS NULL OR account_id = ?)",
        )
        .bind(now)
        .bind(now)
        .bind(account_id.map(|id| id.to_string()))
        .bind(account_id.map(|id| id.to_string()))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
