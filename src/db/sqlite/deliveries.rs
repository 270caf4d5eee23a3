use super::accounts::resume_in;
use super::writer::{ClaimRequest, FinishedRow, Job};
use super::{uuid, SqliteStore};
use crate::db::{
    AttemptRecord, ClaimLimits, Claimed, ClaimedDelivery, DeliveryFilter, DeliveryHealth,
    DeliveryKind, DeliveryOutcome, DeliveryRecord, DeliverySource, DeliveryStatus, DeliveryStore,
    QueueStats,
};
use crate::domain::Work;
use anyhow::Context;
use async_trait::async_trait;
use rusqlite::{params, OptionalExtension};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use tokio::sync::oneshot;
use uuid::Uuid;

pub(super) const DELIVERY_COLUMNS: &str =
    "id, account_id, kind, survey_id, response_id, contact_center_id, status, attempts, \
     next_attempt_at, last_error, request_kind, contact_id, created_at, updated_at, delivered_at, plan";

pub(super) fn record_from_row(row: &SqliteRow) -> anyhow::Result<DeliveryRecord> {
    let status: String = row.try_get("status")?;
    let kind: String = row.try_get("kind")?;
    let work = Work::from_stored(&kind, row.try_get("plan")?)
        .map_err(anyhow::Error::msg)
        .context("corrupt delivery plan")?;
    let source = match (kind.as_str(), &work) {
        (_, Work::Webhook(plan)) => DeliverySource::Webhook {
            survey_id: uuid(row.try_get("survey_id")?)?,
            response_id: plan.response_id,
        },
        (_, Work::Empik(plan)) => DeliverySource::Empik {
            integration_id: plan.integration_id(),
        },
        ("event", _) => DeliverySource::Interaction {
            contact_center_id: uuid(row.try_get("contact_center_id")?)?,
        },
        _ => DeliverySource::Response {
            survey_id: uuid(row.try_get("survey_id")?)?,
            response_id: uuid(row.try_get("response_id")?)?,
        },
    };
    Ok(DeliveryRecord {
        id: uuid(row.try_get("id")?)?,
        account_id: uuid(row.try_get("account_id")?)?,
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

#[async_trait]
impl DeliveryStore for SqliteStore {
    async fn claim_due(
        &self,
        now: i64,
        lease_until: i64,
        limits: &ClaimLimits,
    ) -> anyhow::Result<Claimed> {
        let (reply, answer) = oneshot::channel();
        let request = ClaimRequest {
            now,
            lease_until,
            limits: limits.clone(),
        };
        let (rows, more_due) = self.write(Job::Claim { request, reply }, answer).await?;
        let deliveries = rows
            .into_iter()
            .map(|row| {
                Ok(ClaimedDelivery {
                    id: uuid(&row.id)?,
                    account_id: uuid(&row.account_id)?,
                    attempts: row.attempts,
                    created_at: row.created_at,
                    work: Work::from_stored(&row.kind, &row.plan)
                        .map_err(anyhow::Error::msg)
                        .context("corrupt delivery plan")?,
                    written_contact: row.contact_id,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Claimed {
            deliveries,
            more_due,
        })
    }

    async fn finish_deliveries(
        &self,
        results: &[(ClaimedDelivery, DeliveryOutcome)],
        now: i64,
    ) -> anyhow::Result<()> {
        let rows = results
            .iter()
            .map(|(claimed, outcome)| FinishedRow {
                id: claimed.id.to_string(),
                account_id: claimed.account_id.to_string(),
                attempts: claimed.attempts,
                outcome: outcome.clone(),
            })
            .collect();
        let (reply, answer) = oneshot::channel();
        self.write(Job::Finish { rows, now, reply }, answer)
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
             AND (?7 IS NULL OR kind = ?7) AND (?8 IS NULL OR contact_center_id = ?8) \
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
        .bind(filter.kind.map(DeliveryKind::as_str))
        .bind(filter.contact_center_id.map(|id| id.to_string()))
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
             FROM deliveries WHERE account_id = ?1 AND kind = 'response' GROUP BY survey_id",
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
        let (id, account) = (id.to_string(), account_id.map(|id| id.to_string()));
        self.apply(move |tx| {
            let found: Option<(String, String)> = tx
                .prepare_cached(
                    "SELECT account_id, status FROM deliveries WHERE id = ?1 AND (?2 IS NULL OR account_id = ?2)",
                )?
                .query_row(params![id, account], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            Ok(match found.as_ref().map(|(a, s)| (a, s.as_str())) {
                Some((account, "paused")) => resume_in(tx, account, now)? > 0,
                // A delivery in flight (claimed) is left to finish its attempt.
                Some((_, "failed" | "pending")) => {
                    tx.prepare_cached(
                        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?1, claimed_until = NULL, updated_at = ?1 \
                         WHERE id = ?2 AND (claimed_until IS NULL OR claimed_until <= ?1)",
                    )?
                    .execute(params![now, id])?
                        > 0
                }
                _ => false,
            })
        })
        .await
        .context("cannot retry the delivery")
    }

    async fn deliveries_for_email(
        &self,
        account_id: Uuid,
        email: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<DeliveryRecord>> {
        // By the lowercased e-mail stored beside the plan, through its index
        // (newest first within the e-mail).
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries INDEXED BY deliveries_contact_email \
             WHERE account_id = ?1 AND contact_email = ?2 \
             ORDER BY created_at DESC, id DESC LIMIT ?3"
        ))
        .bind(account_id.to_string())
        .bind(email.trim().to_lowercase())
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the e-mail's deliveries")?;
        rows.iter().map(record_from_row).collect()
    }

    async fn retry_failed(&self, account_id: Option<Uuid>, now: i64) -> anyhow::Result<u64> {
        let account = account_id.map(|id| id.to_string());
        let done = self
            .apply(move |tx| {
                Ok(tx
                    .prepare_cached(
                        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?1, claimed_until = NULL, updated_at = ?1 \
                         WHERE status = 'failed' AND (?2 IS NULL OR account_id = ?2)",
                    )?
                    .execute(params![now, account])?)
            })
            .await
            .context("cannot retry the failed deliveries")?;
        Ok(done as u64)
    }
}
