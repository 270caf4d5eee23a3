//! The delivery worker's side of the store: claims (`FOR UPDATE SKIP
//! LOCKED` plus a lease, so that instances never take one delivery at once
//! and a dead instance's claims come back when their lease ends) and the
//! results of attempts.

use super::accounts::pause_in;
use super::PostgresStore;
use crate::db::claim_turns::share_turns;
use crate::db::{
    AttemptRecord, ClaimLimits, Claimed, ClaimedDelivery, DeliveryFilter, DeliveryHealth,
    DeliveryOutcome, DeliveryRecord, DeliveryStore, QueueStats,
};
use crate::domain::Work;
use anyhow::Context;
use async_trait::async_trait;
use sqlx::PgConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// Every account's share in one statement: per account the oldest due
/// deliveries nobody holds, skipping rows another instance is claiming
/// this very moment, each taken with a lease and its attempt counted (the
/// count is the claim's token). A claim also moves the delivery's due time
/// to its lease's end — when it is due again if this attempt is lost — so
/// that the next claims' probes end before the rows in flight instead of
/// stepping over each of them (and, on two instances, over the other's).
/// The rows are updated by their ids (`= ANY(ARRAY(...))`), not joined: once
/// autovacuum has analyzed the table the planner guesses a tenth of the
/// pending rows for the `LIMIT` it cannot read, and joined them by a hash
/// over a scan of the whole table (380 ms a claim with 600,000 rows).
const CLAIM: &str = "\
UPDATE deliveries d SET claimed_until = $1, next_attempt_at = $1, attempts = d.attempts + 1,
  updated_at = $2
WHERE d.id = ANY(ARRAY(
  SELECT picked.id
  FROM unnest($3::uuid[], $4::bigint[]) AS share(account_id, quota),
  LATERAL (
    SELECT id FROM deliveries
    WHERE account_id = share.account_id AND status = 'pending' AND next_attempt_at <= $2
      AND (claimed_until IS NULL OR claimed_until <= $2)
    ORDER BY next_attempt_at
    LIMIT share.quota
    FOR UPDATE SKIP LOCKED
  ) AS picked
))
RETURNING d.id, d.account_id, d.attempts, d.created_at, d.kind, d.plan, d.contact_id";

/// The delivered results of a batch in one statement: the drain's hot path.
const DELIVERED: &str = "\
UPDATE deliveries d SET status = 'delivered', next_attempt_at = $1, last_error = NULL,
  request_kind = COALESCE(done.request_kind, d.request_kind),
  contact_id = COALESCE(done.contact_id, d.contact_id),
  delivered_at = $1, claimed_until = NULL, updated_at = $1
FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[])
  AS done(id, attempts, request_kind, contact_id)
WHERE d.id = done.id AND d.attempts = done.attempts AND d.status = 'pending'";

type ClaimedRow = (Uuid, Uuid, i64, i64, String, String, Option<String>);

#[async_trait]
impl DeliveryStore for PostgresStore {
    async fn claim_due(
        &self,
        now: i64,
        lease_until: i64,
        limits: &ClaimLimits,
    ) -> anyhow::Result<Claimed> {
        // One index probe per account (a plain index scan), not one scan
        // of every due row: after a drain the index still holds the
        // delivered rows' dead "pending" versions until a vacuum, and a
        // bitmap scan visits each of them at every step (10 ms per 30,000),
        // while an index scan marks them dead as it passes, once.
        let due: Vec<Uuid> = sqlx::query_scalar(
            "SELECT a.id FROM accounts a CROSS JOIN LATERAL (SELECT 1 FROM deliveries d \
             WHERE d.account_id = a.id AND d.status = 'pending' AND d.next_attempt_at <= $1 \
             AND (d.claimed_until IS NULL OR d.claimed_until <= $1) \
             ORDER BY d.next_attempt_at LIMIT 1) due ORDER BY a.id",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .context("cannot find the accounts with due deliveries")?;
        let (turns, waiting) = share_turns(due, limits);
        // Due, but the account is at its share or the room ran out.
        let mut more_due = waiting || turns.iter().any(|(_, quota)| *quota == 0);
        let shares: Vec<(Uuid, i64)> = turns
            .into_iter()
            .filter(|(_, quota)| *quota > 0)
            .map(|(account, quota)| (account, quota as i64))
            .collect();
        if shares.is_empty() {
            return Ok(Claimed {
                deliveries: Vec::new(),
                more_due,
            });
        }
        let (accounts, quotas): (Vec<Uuid>, Vec<i64>) = shares.iter().copied().unzip();
        let rows: Vec<ClaimedRow> = sqlx::query_as(CLAIM)
            .bind(lease_until)
            .bind(now)
            .bind(&accounts)
            .bind(&quotas)
            .fetch_all(&self.pool)
            .await
            .context("cannot claim deliveries")?;
        let mut taken: HashMap<Uuid, i64> = HashMap::new();
        for row in &rows {
            *taken.entry(row.1).or_default() += 1;
        }
        // A full quota may have left more behind.
        more_due |= shares
            .iter()
            .any(|(account, quota)| taken.get(account) == Some(quota));
        let deliveries = rows
            .into_iter()
            .map(
                |(id, account_id, attempts, created_at, kind, plan, contact_id)| {
                    Ok(ClaimedDelivery {
                        id,
                        account_id,
                        attempts,
                        created_at,
                        work: Work::from_stored(&kind, &plan)
                            .map_err(anyhow::Error::msg)
                            .context("corrupt delivery plan")?,
                        written_contact: contact_id,
                    })
                },
            )
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
        // The whole batch in one transaction; if any result cannot be
        // written (its delivery was deleted with its survey a moment ago,
        // say), each is written again on its own, so the others are kept.
        let mut tx = self.pool.begin().await?;
        let batch = async {
            record_delivered(&mut tx, results, now).await?;
            for (claimed, outcome) in results {
                record_other(&mut tx, claimed, outcome, now).await?;
            }
            anyhow::Ok(())
        }
        .await;
        if batch.is_ok() && tx.commit().await.is_ok() {
            return Ok(());
        }
        for result in results {
            let mut tx = self.pool.begin().await?;
            let one = std::slice::from_ref(result);
            let written = async {
                record_delivered(&mut tx, one, now).await?;
                record_other(&mut tx, &result.0, &result.1, now).await
            }
            .await;
            match written {
                Ok(()) => tx
                    .commit()
                    .await
                    .context("cannot record the delivery attempts")?,
                Err(error) => tracing::warn!(
                    delivery.id = %result.0.id,
                    error = format!("{error:#}"),
                    "an attempt's result could not be recorded; the others are"
                ),
            }
        }
        Ok(())
    }

    async fn queue_stats(&self) -> anyhow::Result<QueueStats> {
        self.read_queue_stats().await
    }

    async fn next_due_at(&self) -> anyhow::Result<Option<i64>> {
        self.read_next_due_at().await
    }

    async fn deliveries(&self, filter: &DeliveryFilter) -> anyhow::Result<Vec<DeliveryRecord>> {
        self.read_deliveries(filter).await
    }

    async fn delivery(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<DeliveryRecord>> {
        self.read_delivery(account_id, id).await
    }

    async fn attempts(&self, delivery_id: Uuid) -> anyhow::Result<Vec<AttemptRecord>> {
        self.read_attempts(delivery_id).await
    }

    async fn delivery_health(
        &self,
        account_id: Uuid,
        since: i64,
    ) -> anyhow::Result<Vec<(Uuid, DeliveryHealth)>> {
        self.read_delivery_health(account_id, since).await
    }

    async fn retry_delivery(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
        now: i64,
    ) -> anyhow::Result<bool> {
        self.retry_one(account_id, id, now).await
    }

    async fn deliveries_for_email(
        &self,
        account_id: Uuid,
        email: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<DeliveryRecord>> {
        self.read_deliveries_for_email(account_id, email, limit)
            .await
    }

    async fn retry_failed(&self, account_id: Option<Uuid>, now: i64) -> anyhow::Result<u64> {
        self.retry_all_failed(account_id, now).await
    }
}

/// The delivered results, in one statement (in id order, so that two
/// batches never lock the same rows in opposite orders).
async fn record_delivered(
    tx: &mut PgConnection,
    results: &[(ClaimedDelivery, DeliveryOutcome)],
    now: i64,
) -> anyhow::Result<()> {
    let mut delivered: Vec<(Uuid, i64, String, Option<String>)> = results
        .iter()
        .filter_map(|(claimed, outcome)| match outcome {
            DeliveryOutcome::Delivered {
                request_kind,
                contact_id,
            } => Some((
                claimed.id,
                claimed.attempts,
                request_kind.clone(),
                contact_id.clone(),
            )),
            _ => None,
        })
        .collect();
    if delivered.is_empty() {
        return Ok(());
    }
    delivered.sort_unstable_by_key(|row| row.0);
    let mut columns = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (id, attempts, kind, contact) in delivered {
        columns.0.push(id);
        columns.1.push(attempts);
        columns.2.push(kind);
        columns.3.push(contact);
    }
    sqlx::query(DELIVERED)
        .bind(now)
        .bind(columns.0)
        .bind(columns.1)
        .bind(columns.2)
        .bind(columns.3)
        .execute(&mut *tx)
        .await
        .context("cannot record the delivered attempts")?;
    Ok(())
}

/// Any result but a delivery: a retry, a failure, an ignored event, a
/// released claim, or a pause of the whole account.
async fn record_other(
    tx: &mut PgConnection,
    claimed: &ClaimedDelivery,
    outcome: &DeliveryOutcome,
    now: i64,
) -> anyhow::Result<()> {
    let (status, next, error, kind, contact_id, name) = match outcome {
        DeliveryOutcome::Delivered { .. } => return Ok(()),
        DeliveryOutcome::PauseAccount { reason } => {
            pause_in(tx, claimed.account_id, reason, now).await?;
            return record_attempt(tx, claimed, "paused", None, Some(reason), now).await;
        }
        DeliveryOutcome::Released => {
            // As if never claimed (due now): the attempt count is the
            // claim's token, and no call was made.
            sqlx::query(
                "UPDATE deliveries SET claimed_until = NULL, next_attempt_at = $1, \
                 attempts = attempts - 1, updated_at = $1 \
                 WHERE id = $2 AND attempts = $3 AND status = 'pending'",
            )
            .bind(now)
            .bind(claimed.id)
            .bind(claimed.attempts)
            .execute(&mut *tx)
            .await
            .context("cannot give back a claim")?;
            return Ok(());
        }
        DeliveryOutcome::Retry {
            request_kind,
            next_attempt_at,
            error,
            written_contact,
        } => (
            "pending",
            *next_attempt_at,
            error.as_str(),
            request_kind.as_deref(),
            written_contact.as_deref(),
            "retry",
        ),
        DeliveryOutcome::Ignored {
            request_kind,
            reason,
        } => (
            "ignored",
            now,
            reason.as_str(),
            Some(request_kind.as_str()),
            None,
            "ignored",
        ),
        DeliveryOutcome::Failed {
            request_kind,
            error,
            written_contact,
        } => (
            "failed",
            now,
            error.as_str(),
            request_kind.as_deref(),
            written_contact.as_deref(),
            "failed",
        ),
    };
    // `attempts = $` makes this a no-op if the claim expired and another
    // instance took the delivery meanwhile.
    let updated = sqlx::query(
        "UPDATE deliveries SET status = $1, next_attempt_at = $2, last_error = $3, \
         request_kind = COALESCE($4, request_kind), contact_id = COALESCE($5, contact_id), \
         claimed_until = NULL, updated_at = $6 \
         WHERE id = $7 AND attempts = $8 AND status = 'pending'",
    )
    .bind(status)
    .bind(next)
    .bind(error)
    .bind(kind)
    .bind(contact_id)
    .bind(now)
    .bind(claimed.id)
    .bind(claimed.attempts)
    .execute(&mut *tx)
    .await
    .context("cannot record the delivery attempt")?;
    if updated.rows_affected() == 0 {
        return Ok(());
    }
    record_attempt(tx, claimed, name, kind, Some(error), now).await
}

/// Appends the attempt to the delivery's history (nothing if the delivery
/// is gone meanwhile).
async fn record_attempt(
    tx: &mut PgConnection,
    claimed: &ClaimedDelivery,
    outcome: &str,
    request_kind: Option<&str>,
    message: Option<&str>,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO delivery_attempts (delivery_id, attempt, at, outcome, request_kind, message) \
         SELECT id, $2, $3, $4, $5, $6 FROM deliveries WHERE id = $1 \
         ON CONFLICT (delivery_id, attempt) DO UPDATE SET at = excluded.at, outcome = excluded.outcome, \
         request_kind = excluded.request_kind, message = excluded.message",
    )
    .bind(claimed.id)
    .bind(claimed.attempts)
    .bind(now)
    .bind(outcome)
    .bind(request_kind)
    .bind(message)
    .execute(&mut *tx)
    .await
    .context("cannot record the delivery attempt")?;
    Ok(())
}
