//! Concurrent submits share one statement. Each response with its delivery
//! costs PostgreSQL a parse, a plan, an executor start and a commit when it
//! is a statement of its own; measured, that per-statement work — not the
//! disk, not the number of connections — bounded the submit rate. Here the
//! submits waiting at the same moment go in together as arrays
//! (`unnest`), one statement and one commit for all of them. Under light
//! load a batch is one response, so nothing waits for company.
//!
//! A batch that fails is run again response by response, so that one bad
//! row fails alone and every other submit gets its own answer — unless the
//! database is away, which all of them are told at once.

use crate::db::{NewDelivery, NewResponse};
use crate::domain::webhook::WebhookPlan;
use crate::shared_error::SharedError;
use anyhow::Context;
use futures_util::future::join_all;
use sqlx::PgPool;
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};
use uuid::Uuid;

/// The most responses in one statement: big enough that a burst shares its
/// commits, small enough that one statement stays short.
const MAX_BATCH: usize = 128;
/// Batches in flight at once: while one waits for its commit the next one
/// fills, and the statements' CPU spreads over the database's cores.
const RUNNERS: usize = 4;
const QUEUE: usize = 4_096;

/// One response with its delivery, as bound to the statement.
pub(super) struct InsertRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub survey_id: Uuid,
    pub answers: String,
    pub smclientid: Option<String>,
    pub browser_id: Option<String>,
    pub submission_token: Option<String>,
    pub created_at: i64,
    pub hidden: Option<String>,
    pub delivery_id: Option<Uuid>,
    pub plan: Option<String>,
    pub skip_reason: Option<String>,
    pub contact_email: Option<String>,
    /// The webhook delivery's id and plan, queued if the account has one.
    pub webhook_id: Option<Uuid>,
    pub webhook_plan: Option<String>,
}

impl InsertRow {
    pub fn new(response: &NewResponse, delivery: Option<&NewDelivery>) -> anyhow::Result<Self> {
        Ok(Self {
            id: response.id,
            account_id: response.account_id,
            survey_id: response.survey_id,
            answers: sonic_rs::to_string(&response.answers)?,
            smclientid: response.smclientid.clone(),
            browser_id: response.browser_id.clone(),
            submission_token: response.submission_token.clone(),
            created_at: response.created_at,
            hidden: (!response.hidden.is_empty())
                .then(|| sonic_rs::to_string(&response.hidden))
                .transpose()?,
            delivery_id: delivery.map(|d| d.id),
            plan: delivery.map(|d| sonic_rs::to_string(&d.plan)).transpose()?,
            skip_reason: delivery.and_then(|d| d.plan.skip_reason().map(str::to_owned)),
            contact_email: delivery.and_then(|d| d.plan.contact_email()),
            webhook_id: response.webhook_delivery_id,
            webhook_plan: response
                .webhook_delivery_id
                .map(|_| {
                    sonic_rs::to_string(&WebhookPlan {
                        response_id: response.id,
                    })
                })
                .transpose()?,
        })
    }
}

/// The responses and their deliveries in one statement. A unique conflict
/// (a resent form, a second fill — also between two rows of the batch)
/// inserts neither; the delivery is queued paused when the account is
/// paused, or skipped with the plan's reason. Returns the ids inserted.
const INSERT_RESPONSES: &str = "\
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                       $7::text[], $8::int8[], $9::text[], $10::uuid[], $11::text[], $12::text[],
                       $13::text[], $14::uuid[], $15::text[])
    AS t(id, account_id, survey_id, answers, smclientid, browser_id, submission_token, created_at,
         hidden, delivery_id, plan, skip_reason, contact_email, webhook_id, webhook_plan)
), r AS (
  INSERT INTO responses (id, account_id, survey_id, answers, smclientid, browser_id, submission_token, created_at, hidden)
  SELECT id, account_id, survey_id, answers, smclientid, browser_id, submission_token, created_at, hidden
  FROM input
  ON CONFLICT DO NOTHING
  RETURNING id, account_id, survey_id, created_at
), d AS (
  INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, next_attempt_at,
                          last_error, created_at, updated_at, contact_email)
  SELECT i.delivery_id, r.account_id, r.survey_id, r.id,
         CASE WHEN i.skip_reason IS NOT NULL THEN 'skipped'
              WHEN a.sm_paused_reason IS NOT NULL THEN 'paused' ELSE 'pending' END,
         i.plan, r.created_at, COALESCE(i.skip_reason, a.sm_paused_reason), r.created_at,
         r.created_at, i.contact_email
  FROM r JOIN input i ON i.id = r.id JOIN accounts a ON a.id = r.account_id
  WHERE i.delivery_id IS NOT NULL
), w AS (
  -- Never paused with SALESmanago: the webhook is the account's own.
  INSERT INTO deliveries (id, account_id, kind, survey_id, status, plan, next_attempt_at,
                          created_at, updated_at)
  SELECT i.webhook_id, r.account_id, 'webhook', r.survey_id, 'pending', i.webhook_plan,
         r.created_at, r.created_at, r.created_at
  FROM r JOIN input i ON i.id = r.id JOIN accounts a ON a.id = r.account_id
  WHERE i.webhook_id IS NOT NULL AND a.webhook_url IS NOT NULL
)
SELECT id FROM r";

struct Pending {
    row: InsertRow,
    /// Whether the response was inserted (false: a unique conflict).
    reply: oneshot::Sender<anyhow::Result<bool>>,
}

/// The queue the submits wait in, and its runners.
pub(super) struct ResponseBatcher {
    queue: mpsc::Sender<Pending>,
}

impl ResponseBatcher {
    /// Starts the runners; they stop when the batcher is dropped.
    pub fn start(pool: PgPool) -> Self {
        let (queue, receiver) = mpsc::channel(QUEUE);
        let receiver = Arc::new(Mutex::new(receiver));
        for _ in 0..RUNNERS {
            tokio::spawn(run(pool.clone(), receiver.clone()));
        }
        Self { queue }
    }

    /// Inserts one response (and its delivery) with whatever else is waiting.
    pub async fn insert(&self, row: InsertRow) -> anyhow::Result<bool> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Pending { row, reply })
            .await
            .map_err(|_| anyhow::anyhow!("the response writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the response writer stopped before answering"))?
    }
}

async fn run(pool: PgPool, receiver: Arc<Mutex<mpsc::Receiver<Pending>>>) {
    loop {
        let mut batch = Vec::new();
        {
            let mut receiver = receiver.lock().await;
            if receiver.recv_many(&mut batch, MAX_BATCH).await == 0 {
                return;
            }
        }
        let rows: Vec<&InsertRow> = batch.iter().map(|p| &p.row).collect();
        match insert(&pool, &rows).await {
            Ok(inserted) => {
                for pending in batch {
                    let stored = inserted.contains(&pending.row.id);
                    let _ = pending.reply.send(Ok(stored));
                }
            }
            // The database is away: every response of the batch would
            // wait for it again, so each gets this answer now.
            Err(error) if batch.len() == 1 || crate::db::is_unavailable(&error) => {
                let error = Arc::new(error);
                for pending in batch {
                    let _ = pending.reply.send(Err(SharedError::handle(&error)));
                }
            }
            Err(_) => {
                let alone: Vec<[&InsertRow; 1]> = batch.iter().map(|p| [&p.row]).collect();
                let results = join_all(alone.iter().map(|row| insert(&pool, row))).await;
                for (pending, result) in batch.into_iter().zip(results) {
                    let stored = result.map(|inserted| inserted.contains(&pending.row.id));
                    let _ = pending.reply.send(stored);
                }
            }
        }
    }
}

/// Inserts one response of a survey with a response limit, unless the
/// survey already holds `limit`: `None` then. The survey's row stays locked
/// from the count to the commit, so concurrent fills of the same survey
/// take turns and cannot pass the limit together (fills of other surveys,
/// and of surveys without a limit, do not wait).
pub(super) async fn insert_within_limit(
    pool: &PgPool,
    row: &InsertRow,
    limit: u64,
) -> anyhow::Result<Option<bool>> {
    let mut tx = pool.begin().await.context("cannot store the response")?;
    sqlx::query("SELECT 1 FROM surveys WHERE id = $1 FOR UPDATE")
        .bind(row.survey_id)
        .execute(&mut *tx)
        .await
        .context("cannot lock the survey")?;
    let held: i64 = sqlx::query_scalar("SELECT count(*) FROM responses WHERE survey_id = $1")
        .bind(row.survey_id)
        .fetch_one(&mut *tx)
        .await
        .context("cannot count the survey's responses")?;
    if u64::try_from(held)? >= limit {
        return Ok(None);
    }
    let inserted = insert(&mut *tx, &[row]).await?;
    tx.commit().await.context("cannot store the response")?;
    Ok(Some(inserted.contains(&row.id)))
}

async fn insert(
    db: impl sqlx::PgExecutor<'_>,
    rows: &[&InsertRow],
) -> anyhow::Result<HashSet<Uuid>> {
    fn column<'a, T>(rows: &[&'a InsertRow], value: impl Fn(&'a InsertRow) -> T) -> Vec<T> {
        rows.iter().map(|row| value(row)).collect()
    }
    let inserted: Vec<Uuid> = sqlx::query_scalar(INSERT_RESPONSES)
        .bind(column(rows, |r| r.id))
        .bind(column(rows, |r| r.account_id))
        .bind(column(rows, |r| r.survey_id))
        .bind(column(rows, |r| r.answers.as_str()))
        .bind(column(rows, |r| r.smclientid.as_deref()))
        .bind(column(rows, |r| r.browser_id.as_deref()))
        .bind(column(rows, |r| r.submission_token.as_deref()))
        .bind(column(rows, |r| r.created_at))
        .bind(column(rows, |r| r.hidden.as_deref()))
        .bind(column(rows, |r| r.delivery_id))
        .bind(column(rows, |r| r.plan.as_deref()))
        .bind(column(rows, |r| r.skip_reason.as_deref()))
        .bind(column(rows, |r| r.contact_email.as_deref()))
        .bind(column(rows, |r| r.webhook_id))
        .bind(column(rows, |r| r.webhook_plan.as_deref()))
        .fetch_all(db)
        .await
        .context("cannot store the response")?;
    Ok(inserted.into_iter().collect())
}
