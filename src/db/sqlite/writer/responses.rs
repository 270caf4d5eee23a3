//! New responses and their deliveries, as the writer thread inserts them.

use super::AccountStates;
use crate::db::{InsertOutcome, NewResponse};
use crate::domain::webhook::WebhookPlan;
use anyhow::Context;
use rusqlite::{params, OptionalExtension, Transaction};
use tokio::sync::oneshot;

/// A response on its way to the writer.
pub(in crate::db::sqlite) struct PendingInsert {
    pub response: ResponseColumns,
    pub delivery: Option<DeliveryColumns>,
    pub reply: oneshot::Sender<anyhow::Result<InsertOutcome>>,
}

/// A response as the writer stores it: columns only, serialised by the
/// request's own task (the single writer only writes, and nothing of the
/// answers is copied on the way).
pub(in crate::db::sqlite) struct ResponseColumns {
    pub id: String,
    pub account_id: String,
    pub survey_id: String,
    pub answers_json: String,
    pub smclientid: Option<String>,
    /// `None` when the link filled no hidden field.
    pub hidden_json: Option<String>,
    pub browser_id: Option<String>,
    pub submission_token: Option<String>,
    pub created_at: i64,
    pub max_responses: Option<u64>,
    /// The webhook delivery's id and plan, queued if the account has one.
    pub webhook: Option<(String, String)>,
}

impl ResponseColumns {
    pub fn new(response: &NewResponse) -> sonic_rs::Result<Self> {
        Ok(Self {
            id: response.id.to_string(),
            account_id: response.account_id.to_string(),
            survey_id: response.survey_id.to_string(),
            answers_json: sonic_rs::to_string(&response.answers)?,
            smclientid: response.smclientid.clone(),
            hidden_json: (!response.hidden.is_empty())
                .then(|| sonic_rs::to_string(&response.hidden))
                .transpose()?,
            browser_id: response.browser_id.clone(),
            submission_token: response.submission_token.clone(),
            created_at: response.created_at,
            max_responses: response.max_responses,
            webhook: response
                .webhook_delivery_id
                .map(|id| {
                    let plan = WebhookPlan {
                        response_id: response.id,
                    };
                    sonic_rs::to_string(&plan).map(|plan| (id.to_string(), plan))
                })
                .transpose()?,
        })
    }
}

pub(in crate::db::sqlite) struct DeliveryColumns {
    pub id: String,
    pub plan_json: String,
    /// Lowercased, for the contact card's look-up.
    pub contact_email: Option<String>,
    /// Why the plan sends nothing (stored as a skipped delivery).
    pub skip_reason: Option<String>,
}

pub(super) fn insert(
    tx: &Transaction<'_>,
    pending: &PendingInsert,
    accounts: &AccountStates,
) -> anyhow::Result<InsertOutcome> {
    let r = &pending.response;
    // The writer is the only one inserting, so the count cannot change
    // before the insert below.
    if let Some(limit) = r.max_responses {
        let held: i64 = tx
            .prepare_cached("SELECT count(*) FROM responses WHERE survey_id = ?1")?
            .query_row(params![r.survey_id], |row| row.get(0))?;
        if u64::try_from(held)? >= limit {
            // A resend of a stored form still gets its thank-you page.
            return Ok(conflict(tx, r)?.unwrap_or(InsertOutcome::Full));
        }
    }
    // A unique conflict (resent form, second fill) skips only this row.
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO responses \
             (id, account_id, survey_id, answers, smclientid, browser_id, submission_token, created_at, hidden) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            r.id,
            r.account_id,
            r.survey_id,
            r.answers_json,
            r.smclientid,
            r.browser_id,
            r.submission_token,
            r.created_at,
            r.hidden_json
        ])?;
    if inserted == 0 {
        return conflict(tx, r)?
            .with_context(|| format!("response {} was not stored and no rule explains why", r.id));
    }
    if let Some(delivery) = &pending.delivery {
        let (status, error) = match (&delivery.skip_reason, accounts.paused.get(&r.account_id)) {
            (Some(reason), _) => ("skipped", Some(reason)),
            (None, Some(reason)) => ("paused", Some(reason)),
            (None, None) => ("pending", None),
        };
        tx.prepare_cached(
            "INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, next_attempt_at, \
             last_error, created_at, updated_at, contact_email) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?7, ?9)",
        )?
        .execute(params![delivery.id, r.account_id, r.survey_id, r.id, status, delivery.plan_json, r.created_at, error, delivery.contact_email])
        .context("cannot queue the delivery")?;
    }
    let webhook = r
        .webhook
        .as_ref()
        .filter(|_| accounts.webhooks.contains(&r.account_id));
    if let Some((id, plan)) = webhook {
        // Never paused with SALESmanago: the webhook is the account's own.
        tx.prepare_cached(
            "INSERT INTO deliveries (id, account_id, kind, survey_id, status, plan, next_attempt_at, \
             created_at, updated_at) VALUES (?1, ?5, 'webhook', ?2, 'pending', ?3, ?4, ?4, ?4)",
        )?
        .execute(params![id, r.survey_id, plan, r.created_at, r.account_id])
        .context("cannot queue the webhook delivery")?;
    }
    Ok(InsertOutcome::Stored)
}

/// Why a response was not inserted: its form was stored already, or its
/// browser already filled the survey (`None`: neither).
fn conflict(
    tx: &Transaction<'_>,
    response: &ResponseColumns,
) -> anyhow::Result<Option<InsertOutcome>> {
    let survey = &response.survey_id;
    let exists = |column: &str, value: &Option<String>| -> rusqlite::Result<bool> {
        let Some(value) = value else { return Ok(false) };
        let sql = format!("SELECT 1 FROM responses WHERE survey_id = ?1 AND {column} = ?2");
        Ok(tx
            .prepare_cached(&sql)?
            .query_row(params![survey, value], |_| Ok(()))
            .optional()?
            .is_some())
    };
    Ok(if exists("submission_token", &response.submission_token)? {
        Some(InsertOutcome::Duplicate)
    } else if exists("browser_id", &response.browser_id)? {
        Some(InsertOutcome::AlreadyFilled)
    } else {
        None
    })
}
