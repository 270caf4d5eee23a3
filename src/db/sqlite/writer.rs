//! Group commit. One writer thread, with its own SQLite connection and
//! prepared statements, takes the queued responses, writes up to `MAX_BATCH`
//! of them in one transaction and answers each request after that COMMIT:
//! one fsync per batch instead of one per response. It uses rusqlite
//! directly because this is the one statement on the hot path, and sqlx's
//! per-statement hop to its worker thread cost more than the write itself.

use crate::db::{InsertOutcome, NewDelivery, NewResponse};
use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

const MAX_BATCH: usize = 256;
const QUEUE: usize = 4_096;

pub(super) struct PendingInsert {
    pub response: NewResponse,
    pub delivery: Option<NewDelivery>,
    /// Serialised by the request's own task: the single writer only writes.
    pub answers_json: String,
    /// `None` when the link filled no hidden field.
    pub hidden_json: Option<String>,
    pub plan_json: Option<String>,
    pub reply: oneshot::Sender<anyhow::Result<InsertOutcome>>,
}

/// Opens the writer's connection (the database is already migrated) and
/// starts its thread; it ends when the last sender is dropped.
pub(super) fn spawn(path: &Path) -> anyhow::Result<mpsc::Sender<PendingInsert>> {
    let connection = Connection::open(path)
        .with_context(|| format!("cannot open {} for writing", path.display()))?;
    connection.busy_timeout(Duration::from_secs(10))?;
    connection.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
         PRAGMA wal_autocheckpoint = 0;",
    )?;
    let (sender, receiver) = mpsc::channel(QUEUE);
    std::thread::Builder::new()
        .name("ankieter-writer".into())
        .spawn(move || run(connection, receiver))
        .context("cannot start the database writer")?;
    Ok(sender)
}

fn run(mut connection: Connection, mut queue: mpsc::Receiver<PendingInsert>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let started = std::time::Instant::now();
        let written = write_batch(&mut connection, &batch);
        tracing::debug!(
            size = batch.len(),
            elapsed_us = started.elapsed().as_micros() as u64,
            "batch committed"
        );
        match written {
            Ok(outcomes) => {
                for (pending, outcome) in batch.drain(..).zip(outcomes) {
                    let _ = pending.reply.send(Ok(outcome));
                }
            }
            Err(error) => {
                // Nothing of the batch was committed: every request gets the error.
                tracing::error!(error = ?error, size = batch.len(), "a batch of responses could not be committed");
                for pending in batch.drain(..) {
                    let _ = pending.reply.send(Err(anyhow::anyhow!("{error:#}")));
                }
            }
        }
    }
}

fn write_batch(
    connection: &mut Connection,
    batch: &[PendingInsert],
) -> anyhow::Result<Vec<InsertOutcome>> {
    // IMMEDIATE takes the write lock up front (waiting on busy_timeout); a
    // deferred transaction that reads first could fail to upgrade at once
    // when another connection wrote meanwhile.
    let tx = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("cannot start a transaction")?;
    // A paused account queues new deliveries as paused: they would only hit
    // the same authentication error.
    let paused: HashMap<String, String> = tx
        .prepare_cached(
            "SELECT id, sm_paused_reason FROM accounts WHERE sm_paused_reason IS NOT NULL",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for pending in batch {
        outcomes.push(insert_one(&tx, pending, &paused)?);
    }
    tx.commit().context("cannot commit the responses")?;
    Ok(outcomes)
}

fn insert_one(
    tx: &Transaction<'_>,
    pending: &PendingInsert,
    paused: &HashMap<String, String>,
) -> anyhow::Result<InsertOutcome> {
    let r = &pending.response;
    let account = r.account_id.to_string();
    let survey = r.survey_id.to_string();
    let response_id = r.id.to_string();
    // A unique conflict (resent form, second fill) skips only this row.
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO responses \
             (id, account_id, survey_id, answers, smclientid, browser_id, submission_token, created_at, hidden) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            response_id,
            account,
            survey,
            pending.answers_json,
            r.smclientid,
            r.browser_id,
            r.submission_token,
            r.created_at,
            pending.hidden_json
        ])?;
    if inserted == 0 {
        return conflict(tx, r, &survey);
    }
    if let (Some(delivery), Some(plan)) = (&pending.delivery, &pending.plan_json) {
        let (status, error) = match (delivery.plan.skip_reason(), paused.get(&account)) {
            (Some(reason), _) => ("skipped", Some(reason.to_owned())),
            (None, Some(reason)) => ("paused", Some(reason.clone())),
            (None, None) => ("pending", None),
        };
        tx.prepare_cached(
            "INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, next_attempt_at, \
             last_error, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?7)",
        )?
        .execute(params![delivery.id.to_string(), account, survey, response_id, status, plan, r.created_at, error])
        .context("cannot queue the delivery")?;
    }
    Ok(InsertOutcome::Stored)
}

/// Why a response was not inserted: its form was stored already, or its
/// browser already filled the survey.
fn conflict(
    tx: &Transaction<'_>,
    response: &NewResponse,
    survey: &str,
) -> anyhow::Result<InsertOutcome> {
    let exists = |column: &str, value: &Option<String>| -> rusqlite::Result<bool> {
        let Some(value) = value else { return Ok(false) };
        let sql = format!("SELECT 1 FROM responses WHERE survey_id = ?1 AND {column} = ?2");
        Ok(tx
            .prepare_cached(&sql)?
            .query_row(params![survey, value], |_| Ok(()))
            .optional()?
            .is_some())
    };
    if exists("submission_token", &response.submission_token)? {
        Ok(InsertOutcome::Duplicate)
    } else if exists("browser_id", &response.browser_id)? {
        Ok(InsertOutcome::AlreadyFilled)
    } else {
        anyhow::bail!(
            "response {} was not stored and no rule explains why",
            response.id
        )
    }
}
