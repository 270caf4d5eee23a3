//! The delivery worker's writes, as the writer thread runs them: claims and
//! the results of attempts.

use crate::db::claim_turns::share_turns;
use crate::db::sqlite::accounts::{PAUSE_ACCOUNT, PAUSE_DELIVERIES};
use crate::db::sqlite::uuid;
use crate::db::{ClaimLimits, DeliveryOutcome};
use anyhow::Context;
use rusqlite::{params, Transaction};
use std::collections::HashMap;
use uuid::Uuid;

/// A claimed delivery as stored; parsed by the caller, off the writer thread.
pub(in crate::db::sqlite) struct ClaimedRow {
    pub id: String,
    pub account_id: String,
    pub attempts: i64,
    pub created_at: i64,
    pub kind: String,
    pub plan: String,
    pub contact_id: Option<String>,
}

/// One attempt's result: the claim it answers and what happened.
pub(in crate::db::sqlite) struct FinishedRow {
    pub id: String,
    pub account_id: String,
    /// The claim's token: the result is ignored if another claim took over.
    pub attempts: i64,
    pub outcome: DeliveryOutcome,
}

/// What one claim may take.
pub(in crate::db::sqlite) struct ClaimRequest {
    pub now: i64,
    pub lease_until: i64,
    pub limits: ClaimLimits,
}

/// Claims in turns (`claim_turns`), then one short UPDATE … RETURNING per
/// account; the HTTP calls happen later, outside any transaction. Returns
/// the claims and whether due deliveries were left for want of room.
pub(super) fn claim(
    tx: &Transaction<'_>,
    request: &ClaimRequest,
) -> anyhow::Result<(Vec<ClaimedRow>, bool)> {
    let due: Vec<Uuid> = tx
        .prepare_cached(
            "SELECT id FROM accounts a WHERE EXISTS (SELECT 1 FROM deliveries d \
             WHERE d.account_id = a.id AND d.status = 'pending' AND d.next_attempt_at <= ?1 \
             AND (d.claimed_until IS NULL OR d.claimed_until <= ?1)) ORDER BY id",
        )?
        .query_map(params![request.now], |row| row.get::<_, String>(0))?
        .map(|id| uuid(&id?))
        .collect::<anyhow::Result<_>>()
        .context("cannot find the accounts with due deliveries")?;
    let (turns, waiting) = share_turns(due, &request.limits);
    let mut claimed = Vec::new();
    let mut more_due = waiting;
    for (account, quota) in turns {
        if quota == 0 {
            // Due, but the account is at its share or the room ran out.
            more_due = true;
            continue;
        }
        let rows = claim_for_account(tx, &account.to_string(), request, quota)?;
        // A full quota may have left more behind.
        more_due |= rows.len() == quota;
        claimed.extend(rows);
    }
    Ok((claimed, more_due))
}

fn claim_for_account(
    tx: &Transaction<'_>,
    account: &str,
    request: &ClaimRequest,
    quota: usize,
) -> anyhow::Result<Vec<ClaimedRow>> {
    let mut statement = tx.prepare_cached(
        "UPDATE deliveries SET claimed_until = ?1, attempts = attempts + 1, updated_at = ?2 \
         WHERE id IN (SELECT id FROM deliveries WHERE account_id = ?3 AND status = 'pending' \
                      AND next_attempt_at <= ?2 AND (claimed_until IS NULL OR claimed_until <= ?2) \
                      ORDER BY next_attempt_at LIMIT ?4) \
         RETURNING id, account_id, attempts, created_at, kind, plan, contact_id",
    )?;
    let rows = statement
        .query_map(
            params![request.lease_until, request.now, account, quota as i64],
            |row| {
                Ok(ClaimedRow {
                    id: row.get(0)?,
                    account_id: row.get(1)?,
                    attempts: row.get(2)?,
                    created_at: row.get(3)?,
                    kind: row.get(4)?,
                    plan: row.get(5)?,
                    contact_id: row.get(6)?,
                })
            },
        )?
        .collect::<Result<_, _>>()
        .context("cannot claim deliveries")?;
    Ok(rows)
}

/// Records each attempt on its own: a result that cannot be written (its
/// delivery was deleted with its survey a moment ago, say) is rolled back
/// alone and logged, and the others of the group, other accounts' included,
/// are kept. An account whose credentials failed is paused (and `paused`
/// learns it, so responses later in the batch are queued paused).
pub(super) fn finish(
    tx: &Transaction<'_>,
    rows: &[FinishedRow],
    now: i64,
    paused: &mut HashMap<String, String>,
) -> anyhow::Result<()> {
    for row in rows {
        let recorded =
            super::savepoint::within(tx, "attempt", |tx| finish_one(tx, row, now, paused))?;
        if let Err(error) = recorded {
            tracing::warn!(
                delivery.id = %row.id,
                error = format!("{error:#}"),
                "an attempt's result could not be recorded; the others are"
            );
        }
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
            // The pause stands even if this delivery is gone meanwhile.
            if !delivery_exists(tx, &row.id)? {
                return Ok(());
            }
            return record_attempt(tx, row, "paused", None, Some(reason), now);
        }
        DeliveryOutcome::Released => {
            // As if never claimed: the attempt count is the claim's token,
            // and no call was made.
            tx.prepare_cached(
                "UPDATE deliveries SET claimed_until = NULL, attempts = attempts - 1, updated_at = ?1 \
                 WHERE id = ?2 AND attempts = ?3 AND status = 'pending'",
            )?
            .execute(params![now, row.id, row.attempts])
            .context("cannot give back a claim")?;
            return Ok(());
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
            written_contact,
        } => (
            "pending",
            *next_attempt_at,
            Some(error.as_str()),
            request_kind.as_deref(),
            written_contact.as_deref(),
            None,
        ),
        DeliveryOutcome::Ignored {
            request_kind,
            reason,
        } => (
            "ignored",
            now,
            Some(reason.as_str()),
            Some(request_kind.as_str()),
            None,
            None,
        ),
        DeliveryOutcome::Failed {
            request_kind,
            error,
            written_contact,
        } => (
            "failed",
            now,
            Some(error.as_str()),
            request_kind.as_deref(),
            written_contact.as_deref(),
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
        DeliveryOutcome::Ignored { .. } => "ignored",
        _ => "failed",
    };
    if updated == 0 {
        return Ok(());
    }
    record_attempt(tx, row, outcome_name, kind, error, now)
}

fn delivery_exists(tx: &Transaction<'_>, id: &str) -> anyhow::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM deliveries WHERE id = ?1")?
        .exists(params![id])?)
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
