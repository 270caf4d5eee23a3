//! Group commit. One writer task takes the queued responses, writes up to
//! `MAX_BATCH` of them in one transaction and answers each request after that
//! COMMIT: one fsync per batch instead of one per response, so durable
//! submits scale with load instead of with the disk's fsync rate.

use super::responses::insert_one;
use crate::db::{InsertOutcome, NewDelivery, NewResponse};
use anyhow::Context;
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

const MAX_BATCH: usize = 256;
const QUEUE: usize = 4_096;

pub(super) struct PendingInsert {
    pub response: NewResponse,
    pub delivery: Option<NewDelivery>,
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
        match write_batch(&pool, &batch).await {
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
    let mut outcomes = Vec::with_capacity(batch.len());
    for pending in batch {
        // A unique violation (resent form, second fill) rolls back only its own
        // statement; the rest of the batch goes on.
        outcomes.push(insert_one(&mut tx, &pending.response, pending.delivery.as_ref()).await?);
    }
    tx.commit().await.context("cannot commit the responses")?;
    Ok(outcomes)
}
