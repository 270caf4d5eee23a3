//! The delivery worker's writes, as the writer thread runs them: claims and
//! the results of attempts.

use crate::db::sqlite::accounts::{PAUSE_ACCOUNT, PAUSE_DELIVERIES};
use crate::db::DeliveryOutcome;
use anyhow::Context;
use rusqlite::{params, Transaction};
use std::collections::HashMap;

/// A claimed delivery as stored; parsed by the caller, off the writer thread.
pub(in crate::db::sqlite) struct ClaimedRow {
    pub id: String,
    pub account_id: String,
    pub attempts: i64,
    pub created_at: i64,
    pub plan: String,
}

/// One attempt's result: the claim it answers and what happened.
pub(in crate::db::sqlite) struct FinishedRow {
    pub id: String,
    pub account_id: String,
    /// The claim's token: the result is ignored if another claim took over.
    pub attempts: i64,
    pub outcome: DeliveryOutcome,
}

/// One short UPDATE … RETURNING: the claim is atomic and the HTTP call
/// happens later, outside any transaction.
pub(super) fn claim(
    tx: &Transaction<'_>,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> anyhow::Result<Vec<ClaimedRow>> {
    let mut statement = tx.prepare_cached(
        "UPDATE deliveries SET claimed_until = ?1, attempts = attempts + 1, updated_at = ?2 \
         WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?2 \
                      AND (claimed_until IS NULL OR claimed_until <= ?2) \
                      ORDER BY next_attempt_at LIMIT ?3) \
         RETURNING id, account_id, attempts, created_at, plan",
    )?;
    let rows = statement
        .query_map(params![lease_until, now, limit], |row| {
            Ok(ClaimedRow {
                id: row.get(0)?,
                account_id: row.get(1)?,
                attempts: row.get(2)?,
                created_at: row.get(3)?,
                plan: row.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()
        .context("cannot claim deliveries")?;
    Ok(rows)
}

/// Records each attempt; an account whose credentials failed is paused (and
/// `paused` learns it, so responses later in the batch are queued paused).
pub(super) fn finish(
    tx: &Transaction<'_>,
    rows: &[FinishedRow],
    now: i64,
    paused: &mut HashMap<String, String>,
) -> anyhow::Result<()> {
    for row in rows {
        finish_one(tx, row, now, paused)?;
    }
    Ok(())
}

fn finish_one(
    tx: &Transaction<'_>,
    row: &FinishedRow,
    now: i64,
    paused: &mut HashMap<String, String>,
) -> anyhow::Result<()> {
    let (status, next, error, kind, contact_id, delivered_at) = match &row.outcome {
        DeliveryOutcome::PauseAccount { reason } => {
            tx.prepare_cached(PAUSE_ACCOUNT)?
                .execute(params![reason, now, row.account_id])?;
            tx.prepare_cached(PAUSE_DELIVERIES)?
                .execute(params![reason, now, row.account_id])?;
            paused.insert(row.account_id.clone(), reason.clone());
            return record_attempt(tx, row, "paused", None, Some(reason), now);
        }
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
    };
    // `attempts = ?` makes this a no-op if the claim expired and another
    // worker took the delivery meanwhile.
    let updated = tx
        .prepare_cached(
            "UPDATE deliveries SET status = ?1, next_attempt_at = ?2, last_error = ?3, \
             request_kind = COALESCE(?4, request_kind), contact_id = COALESCE(?5, contact_id), \
             delivered_at = COALESCE(?6, delivered_at), claimed_until = NULL, updated_at = ?7 \
             WHERE id = ?8 AND attempts = ?9 AND status = 'pending'",
        )?
        .execute(params![
            status,
            next,
            error,
            kind,
            contact_id,
            delivered_at,
            now,
            row.id,
            row.attempts
        ])
        .context("cannot record the delivery attempt")?;
    // A delivered attempt is the delivery row itself (`attempts`,
    // `delivered_at`): only the others cost an extra insert on the drain path.
    let outcome_name = match &row.outcome {
        DeliveryOutcome::Delivered { .. } => return Ok(()),
        DeliveryOutcome::Retry { .. } => "retry",
        _ => "failed",
    };
    if updated == 0 {
        return Ok(());
    }
    record_attempt(tx, row, outcome_name, kind, error, now)
}

/// Appends the attempt to the delivery's history.
fn record_attempt(
    tx: &Transaction<'_>,
    row: &FinishedRow,
    outcome: &str,
    request_kind: Option<&str>,
    message: Option<&str>,
    now: i64,
) -> anyhow::Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO delivery_attempts (delivery_id, attempt, at, outcome, request_kind, message) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![row.id, row.attempts, now, outcome, request_kind, message])
    .context("cannot record the delivery attempt")?;
    Ok(())
}
