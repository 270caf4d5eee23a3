//! Each account's SALESmanago rate for the whole installation: GCRA on one
//! row per account, the database's clock serving every instance. The row
//! holds when the account's next call may go out at the earliest; a
//! reservation moves it on by the calls' share of a second.
//!
//! The calls of one instance that are ready at the same moment reserve
//! together: one statement for all of them (each account's row moved once
//! by their sum), each call then waiting its own share. A round trip per
//! call, every one of them queueing on the same row lock, bounded the drain
//! of two instances below that of one.

use anyhow::Context;
use sqlx::PgPool;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// Reservations taken in one statement at most.
const MAX_BATCH: usize = 512;
const QUEUE: usize = 4_096;

/// Moves each account's row on by its calls' cost (µs) and returns, per
/// account, the moment its first call may start, as an offset from now.
const RESERVE: &str = "\
WITH clock AS (
  SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us
), wanted AS (
  SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS w(account_id, cost_us)
), reserved AS (
  INSERT INTO call_pacing (account_id, next_call_at_us)
  SELECT wanted.account_id, clock.now_us + wanted.cost_us FROM wanted, clock
  ON CONFLICT (account_id) DO UPDATE SET next_call_at_us =
    GREATEST(call_pacing.next_call_at_us + excluded.next_call_at_us - (SELECT now_us FROM clock),
             excluded.next_call_at_us)
  RETURNING account_id, next_call_at_us
)
SELECT reserved.account_id, reserved.next_call_at_us - wanted.cost_us - clock.now_us
FROM reserved JOIN wanted USING (account_id), clock";

struct Request {
    account_id: Uuid,
    cost_us: i64,
    reply: oneshot::Sender<anyhow::Result<Duration>>,
}

/// The queue the calls wait in for their reservation, and its runner.
pub(super) struct Pacer {
    queue: mpsc::Sender<Request>,
}

impl Pacer {
    /// Starts the runner; it stops when the pacer is dropped.
    pub fn start(pool: PgPool) -> Self {
        let (queue, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(run(pool, receiver));
        Self { queue }
    }

    /// How long to wait before making `calls` calls to the account.
    pub async fn reserve(
        &self,
        account_id: Uuid,
        calls: u32,
        per_second: u32,
    ) -> anyhow::Result<Duration> {
        let cost_us = i64::from(calls.max(1)) * 1_000_000 / i64::from(per_second.max(1));
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Request {
                account_id,
                cost_us,
                reply,
            })
            .await
            .map_err(|_| anyhow::anyhow!("the call pacer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the call pacer stopped before answering"))?
    }
}

async fn run(pool: PgPool, mut receiver: mpsc::Receiver<Request>) {
    let mut batch = Vec::new();
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // Each account's calls in the order they came, one after another.
        let mut totals: HashMap<Uuid, i64> = HashMap::new();
        let offsets: Vec<i64> = batch
            .iter()
            .map(|request| {
                let total = totals.entry(request.account_id).or_default();
                let before = *total;
                *total += request.cost_us;
                before
            })
            .collect();
        match reserve(&pool, &totals).await {
            Ok(first) => {
                for (request, offset) in batch.drain(..).zip(offsets) {
                    let wait = first.get(&request.account_id).map(|first| first + offset);
                    let answer = wait
                        .map(|us| Duration::from_micros(us.max(0) as u64))
                        .context("the reservation returned no row for the account");
                    let _ = request.reply.send(answer);
                }
            }
            Err(error) => {
                let error = std::sync::Arc::new(error);
                for request in batch.drain(..) {
                    let shared = crate::shared_error::SharedError::handle(&error);
                    let _ = request.reply.send(Err(shared));
                }
            }
        }
    }
}

async fn reserve(pool: &PgPool, totals: &HashMap<Uuid, i64>) -> anyhow::Result<HashMap<Uuid, i64>> {
    // In one order on every instance: two statements locking the same rows
    // in different orders could deadlock.
    let mut wanted: Vec<(Uuid, i64)> = totals.iter().map(|(a, c)| (*a, *c)).collect();
    wanted.sort_unstable();
    let (accounts, costs): (Vec<Uuid>, Vec<i64>) = wanted.into_iter().unzip();
    let rows: Vec<(Uuid, i64)> = sqlx::query_as(RESERVE)
        .bind(accounts)
        .bind(costs)
        .fetch_all(pool)
        .await
        .context("cannot reserve calls to SALESmanago")?;
    Ok(rows.into_iter().collect())
}
