//! Group commit. One writer task takes the queued responses, writes up to
//! `MAX_BATCH` of them in one transaction and answers each request after that
//! COMMIT: one fsync per batch instead of one per response, so durable
//! submits scale with load instead of with the disk's fsync rate.

use crate::db::{InsertOutcome, NewDelivery, NewResponse};
use anyhow::Context;
use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};
use std::collections::{HashMap, HashSet};
use tokio::sync::{mpsc, oneshot};

const MAX_BATCH: usize = 256;
const QUEUE: usize = 4_096;

pub(super) struct PendingInsert {
    pub response: NewResponse,
    pub delivery: Option<NewDelivery>,
    /// Serialised by the request's own task: the single writer only writes.
    pub answers_json: String,
    pub plan_json: Option<String>,
    pub reply: oneshot::Sender<anyhow::Result<InsertOutcome>>,
}

pub(super) fn spawn(pool: SqlitePool) -> mpsc::Sender<PendingInsert> {
    let (sender, receiver) = mpsc::channel(QUEUE);
    tokio::spawn(run(pool, receiver));
    sender
}

async fn run(pool: SqlitePool, mut queue: mpsc::Receiver<PendingInsert>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let started = std::time::Instant::now();
        let written = write_batch(&pool, &batch).await;
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

async fn write_batch(
    pool: &SqlitePool,
    batch: &[PendingInsert],
) -> anyhow::Result<Vec<InsertOutcome>> {
    let mut tx = pool.begin().await.context("cannot start a transaction")?;
    // One statement for all responses; a unique conflict (resent form, second
    // fill) skips only that row, and RETURNING tells which rows went in.
    let mut responses = QueryBuilder::<Sqlite>::new(
        "INSERT OR IGNORE INTO responses \
         (id, account_id, survey_id, answers, smclientid, browser_id, submission_token, created_at) ",
    );
    responses.push_values(batch, |mut row, pending| {
        let r = &pending.response;
        row.push_bind(r.id.to_string())
            .push_bind(r.account_id.to_string())
            .push_bind(r.survey_id.to_string())
            .push_bind(&pending.answers_json)
            .push_bind(&r.smclientid)
            .push_bind(&r.browser_id)
            .push_bind(&r.submission_token)
            .push_bind(r.created_at);
    });
    responses.push(" RETURNING id");
    let inserted: HashSet<String> = responses
        .build_query_scalar()
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();

    // A paused account queues new deliveries as paused: they would only hit
    // the same authentication error.
    let paused: HashMap<String, String> = sqlx::query_as(
        "SELECT id, sm_paused_reason FROM accounts WHERE sm_paused_reason IS NOT NULL",
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    let mut deliveries = Vec::new();
    for pending in batch
        .iter()
        .filter(|p| inserted.contains(&p.response.id.to_string()))
    {
        let Some(delivery) = &pending.delivery else {
            continue;
        };
        let account = pending.response.account_id.to_string();
        let (status, error) = match (delivery.plan.skip_reason(), paused.get(&account)) {
            (Some(reason), _) => ("skipped", Some(reason.to_owned())),
            (None, Some(reason)) => ("paused", Some(reason.clone())),
            (None, None) => ("pending", None),
        };
        deliveries.push((
            pending,
            delivery,
            account,
            status,
            error,
            pending.plan_json.as_deref().unwrap_or("{}"),
        ));
    }
    if !deliveries.is_empty() {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, next_attempt_at, \
             last_error, created_at, updated_at) ",
        );
        insert.push_values(
            &deliveries,
            |mut row, (pending, delivery, account, status, error, plan)| {
                let r = &pending.response;
                row.push_bind(delivery.id.to_string())
                    .push_bind(account)
                    .push_bind(r.survey_id.to_string())
                    .push_bind(r.id.to_string())
                    .push_bind(*status)
                    .push_bind(plan)
                    .push_bind(r.created_at)
                    .push_bind(error)
                    .push_bind(r.created_at)
                    .push_bind(r.created_at);
            },
        );
        insert
            .build()
            .execute(&mut *tx)
            .await
            .context("cannot queue the deliveries")?;
    }

    let mut outcomes = Vec::with_capacity(batch.len());
    for pending in batch {
        outcomes.push(if inserted.contains(&pending.response.id.to_string()) {
            InsertOutcome::Stored
        } else {
            conflict(&mut tx, &pending.response).await?
        });
    }
    tx.commit().await.context("cannot commit the responses")?;
    Ok(outcomes)
}

/// Why a response was not inserted: its form was stored already, or its
/// browser already filled the survey.
async fn conflict(
    tx: &mut Transaction<'_, Sqlite>,
    response: &NewResponse,
) -> anyhow::Result<InsertOutcome> {
    if exists(tx, response, "submission_token", &response.submission_token).await? {
        Ok(InsertOutcome::Duplicate)
    } else if exists(tx, response, "browser_id", &response.browser_id).await? {
        Ok(InsertOutcome::AlreadyFilled)
    } else {
        anyhow::bail!(
            "response {} was not stored and no rule explains why",
            response.id
        )
    }
}

async fn exists(
    tx: &mut Transaction<'_, Sqlite>,
    response: &NewResponse,
    column: &'static str,
    value: &Option<String>,
) -> anyhow::Result<bool> {
    let Some(value) = value else { return Ok(false) };
    let sql =
        format!("SELECT EXISTS (SELECT 1 FROM responses WHERE survey_id = ? AND {column} = ?)");
    Ok(sqlx::query_scalar(&sql)
        .bind(response.survey_id.to_string())
        .bind(value)
        .fetch_one(&mut **tx)
        .await?)
}
