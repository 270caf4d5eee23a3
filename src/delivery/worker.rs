//! The delivery worker, woken at once by new responses and by a poll as the
//! fallback. It claims due deliveries, reads each account once per claim,
//! sends with bounded concurrency under a per-account throttle, and records
//! the results in groups. [`DeliveryWorker::deliver_due`] is the same as one
//! synchronous step (tests and tools drive it with their own clock).

use super::attempt::{attempt, credentials};
use crate::configuration::{SalesmanagoSettings, WorkerSettings};
use crate::crypto::ServerKey;
use crate::db::{ClaimedDelivery, DeliveryOutcome, Store};
use crate::metrics::Metrics;
use crate::salesmanago::{Credentials, SalesmanagoClient};
use crate::state::AppState;
use futures_util::FutureExt;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

#[derive(Clone)]
pub struct DeliveryWorker {
    store: Arc<dyn Store>,
    client: SalesmanagoClient,
    key: Arc<ServerKey>,
    wake: Arc<Notify>,
    metrics: Arc<Metrics>,
    heartbeat: Arc<AtomicI64>,
    settings: WorkerSettings,
    /// Calls per second to each account's SALESmanago; waits here never touch
    /// the respondent's submit, which only writes to the database.
    throttle: Arc<DefaultKeyedRateLimiter<Uuid>>,
}

/// Attempts recorded per transaction while a batch is being sent.
const RECORD_EVERY: usize = 32;
/// The most attempts the running worker records in one transaction.
const RECORD_MAX: usize = 256;

/// An attempt's result on its way to the recorder, holding its claim slot.
struct Finished {
    delivery: ClaimedDelivery,
    outcome: DeliveryOutcome,
    slot: OwnedSemaphorePermit,
}

impl Finished {
    /// Hands the result to the recorder, which runs until the worker stops.
    async fn report(self, recorder: &mpsc::Sender<Finished>) {
        let _ = recorder.send(self).await;
    }
}

/// An account's credentials for one batch, or the outcome its deliveries get instead.
type AccountAccess = Result<Arc<Credentials>, DeliveryOutcome>;

impl DeliveryWorker {
    pub fn new(state: &AppState, client: SalesmanagoClient) -> Self {
        Self {
            store: state.store.clone(),
            client,
            key: state.key.clone(),
            wake: state.wake.clone(),
            metrics: state.metrics.clone(),
            heartbeat: state.worker_heartbeat.clone(),
            settings: state.settings.worker.clone(),
            throttle: Arc::new(account_throttle(&state.settings.salesmanago)),
        }
    }

    /// Runs until `shutdown` is cancelled; the attempts in flight then finish
    /// (they are bounded by the SALESmanago timeout) and are recorded.
    /// Database errors are logged and retried: the worker outlives a briefly
    /// unavailable database.
    ///
    /// A pipeline, not a loop of batches: claims top up whatever room is free
    /// while earlier calls are still in flight, and a recorder task writes
    /// finished attempts as they come, so no call waits for a batch's slowest.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        tracing::info!("delivery worker started");
        tracing::debug!(
            concurrency = self.settings.concurrency,
            batch_size = self.settings.batch_size,
            lease_secs = self.settings.lease_secs,
            "delivery worker settings"
        );
        let poll = Duration::from_millis(self.settings.poll_interval_ms.max(10));
        let capacity = self.settings.batch_size.max(1);
        // One slot per claimed delivery until its attempt is recorded: claims
        // never run further ahead of the database than one batch.
        let slots = Arc::new(Semaphore::new(capacity));
        let sending = Arc::new(Semaphore::new(self.settings.concurrency.max(1)));
        let (finished, to_record) = mpsc::channel(capacity);
        let recorder = tokio::spawn(self.clone().record_finished(to_record));
        while !shutdown.is_cancelled() {
            let now = crate::clock::now_ms();
            self.heartbeat.store(now, Ordering::Relaxed);
            let room = slots.available_permits();
            if room > 0 {
                match self.claim_and_send(now, &slots, &sending, &finished).await {
                    // Everything asked for came: more may be due at once.
                    Ok(claimed) if claimed == room => continue,
                    Ok(_) => {}
                    Err(error) => tracing::error!(error = ?error, "delivery worker step failed"),
                }
            }
            let until_due = match room {
                // Full: the recorder wakes us when it frees room.
                0 => poll,
                _ => match self.store.next_due_at().await {
                    Ok(Some(due)) => {
                        Duration::from_millis((due - crate::clock::now_ms()).max(0) as u64)
                    }
                    _ => poll,
                },
            };
            // New responses and recorded attempts (free room) both wake us.
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(until_due.min(poll)) => {}
                _ = shutdown.cancelled() => {}
            }
        }
        // Every claimed attempt holds a slot until it is recorded.
        let _all = slots.acquire_many(capacity as u32).await;
        drop(finished);
        if let Err(panic) = recorder.await {
            tracing::error!(error = %panic, "the delivery recorder panicked");
        }
        tracing::info!("delivery worker stopped");
        Ok(())
    }

    /// Claims up to the free room and starts each attempt; returns how many
    /// were claimed.
    async fn claim_and_send(
        &self,
        now: i64,
        slots: &Arc<Semaphore>,
        sending: &Arc<Semaphore>,
        finished: &mpsc::Sender<Finished>,
    ) -> anyhow::Result<usize> {
        let room = slots.available_permits();
        let lease_until = now + (self.settings.lease_secs * 1000) as i64;
        let claimed = self.store.claim_due(now, lease_until, room as i64).await?;
        let count = claimed.len();
        if count == 0 {
            return Ok(0);
        }
        let access = self.account_access(&claimed).await;
        for delivery in claimed {
            let slot = slots
                .clone()
                .try_acquire_owned()
                .expect("claims never exceed the free slots");
            let finished = finished.clone();
            match access.get(&delivery.account_id) {
                Some(Ok(credentials)) => {
                    let (worker, credentials, sending) =
                        (self.clone(), credentials.clone(), sending.clone());
                    tokio::spawn(async move {
                        let attempt = async {
                            let _sending = sending
                                .acquire_owned()
                                .await
                                .expect("the semaphore is never closed");
                            worker.throttle.until_key_ready(&delivery.account_id).await;
                            worker.send(&credentials, &delivery, now).await
                        };
                        // A panic loses only this result: the claim expires
                        // after its lease and the delivery is tried again.
                        match AssertUnwindSafe(attempt).catch_unwind().await {
                            Ok(outcome) => {
                                let result = Finished {
                                    delivery,
                                    outcome,
                                    slot,
                                };
                                result.report(&finished).await;
                            }
                            Err(_) => {
                                tracing::error!(delivery.id = %delivery.id, "a delivery attempt panicked")
                            }
                        }
                    });
                }
                Some(Err(outcome)) => {
                    let outcome = outcome.clone();
                    Finished {
                        delivery,
                        outcome,
                        slot,
                    }
                    .report(&finished)
                    .await;
                }
                // The account could not be read (logged): the claim expires and it is tried again.
                None => {}
            }
        }
        Ok(count)
    }

    /// Records finished attempts in groups of whatever has arrived meanwhile:
    /// one transaction for many at full speed, at once when it is quiet. A
    /// crash repeats at most the calls of one group (plus those in flight).
    async fn record_finished(self, mut to_record: mpsc::Receiver<Finished>) {
        let mut group = Vec::new();
        while to_record.recv_many(&mut group, RECORD_MAX).await > 0 {
            let (mut results, slots): (Vec<_>, Vec<_>) = group
                .drain(..)
                .map(|f| ((f.delivery, f.outcome), f.slot))
                .unzip();
            let now = crate::clock::now_ms();
            if let Err(error) = self.finish(&mut results, now).await {
                // The claims expire after their lease and are tried again.
                tracing::error!(error = ?error, "cannot record delivery attempts");
            }
            drop(slots);
            self.wake.notify_one();
        }
    }

    /// One synchronous step with the caller's clock (tests and tools): claims
    /// up to a batch due at `now`, sends them as the running worker does and
    /// records the results. Returns how many were claimed.
    pub async fn deliver_due(&self, now: i64) -> anyhow::Result<usize> {
        let capacity = self.settings.batch_size.max(1);
        let slots = Arc::new(Semaphore::new(capacity));
        let sending = Arc::new(Semaphore::new(self.settings.concurrency.max(1)));
        let (finished, mut to_record) = mpsc::channel(capacity);
        let count = self
            .claim_and_send(now, &slots, &sending, &finished)
            .await?;
        // The channel closes when the last attempt has reported.
        drop(finished);
        let mut results = Vec::new();
        while let Some(Finished {
            delivery, outcome, ..
        }) = to_record.recv().await
        {
            results.push((delivery, outcome));
            // Record in small groups: a crash repeats at most the calls made
            // since the last group (plus those in flight), not a whole batch.
            if results.len() >= RECORD_EVERY {
                self.finish(&mut results, now).await?;
            }
        }
        self.finish(&mut results, now).await?;
        Ok(count)
    }

    async fn finish(
        &self,
        results: &mut Vec<(ClaimedDelivery, DeliveryOutcome)>,
        now: i64,
    ) -> anyhow::Result<()> {
        if results.is_empty() {
            return Ok(());
        }
        // Results are recorded at the real time the calls ended.
        let finished = now.max(crate::clock::now_ms());
        for (delivery, outcome) in results.iter() {
            self.record(delivery, outcome, finished);
        }
        self.store.finish_deliveries(results, finished).await?;
        results.clear();
        Ok(())
    }

    /// Reads and decrypts each account of the batch once. An account whose
    /// read fails or panics is left out (its claims expire and are retried).
    async fn account_access(&self, claimed: &[ClaimedDelivery]) -> HashMap<Uuid, AccountAccess> {
        let mut ids: Vec<Uuid> = claimed.iter().map(|d| d.account_id).collect();
        ids.sort();
        ids.dedup();
        let mut reads = JoinSet::new();
        for id in ids {
            let (store, key) = (self.store.clone(), self.key.clone());
            reads.spawn(async move {
                let access = match store.account(id).await {
                    Ok(None) => Err(DeliveryOutcome::Failed { request_kind: None, error: "the account no longer exists".into() }),
                    Ok(Some(account)) => match (&account.paused_reason, credentials(&account, &key)) {
                        (Some(reason), _) => Err(DeliveryOutcome::PauseAccount { reason: reason.clone() }),
                        (None, Err(reason)) => Err(DeliveryOutcome::PauseAccount { reason }),
                        (None, Ok(credentials)) => Ok(Arc::new(credentials)),
                    },
                    Err(error) => {
                        tracing::error!(account.id = %id, error = ?error, "cannot read the account for its deliveries");
                        return None;
                    }
                };
                Some((id, access))
            });
        }
        let mut access = HashMap::new();
        while let Some(joined) = reads.join_next().await {
            match joined {
                Ok(Some((id, entry))) => {
                    access.insert(id, entry);
                }
                Ok(None) => {}
                Err(panic) => tracing::error!(error = %panic, "reading an account panicked"),
            }
        }
        access
    }

    #[tracing::instrument(name = "deliver", skip_all, fields(delivery.id = %delivery.id, account.id = %delivery.account_id, delivery.attempt = delivery.attempts))]
    async fn send(
        &self,
        credentials: &Credentials,
        delivery: &ClaimedDelivery,
        now: i64,
    ) -> DeliveryOutcome {
        attempt(&self.client, credentials, delivery, now).await
    }

    /// Logs with ids only (SALESmanago's messages may echo e-mails, so they
    /// stay in the database) and counts the outcome.
    fn record(&self, delivery: &ClaimedDelivery, outcome: &DeliveryOutcome, finished: i64) {
        let _span = tracing::info_span!("deliver", delivery.id = %delivery.id, account.id = %delivery.account_id, delivery.attempt = delivery.attempts).entered();
        let label = match outcome {
            DeliveryOutcome::Delivered { request_kind, .. } => {
                tracing::info!(request = %request_kind, "delivered");
                let age_ms = (finished - delivery.created_at).max(0);
                self.metrics
                    .delivery_latency
                    .observe(age_ms as f64 / 1000.0);
                "delivered"
            }
            DeliveryOutcome::Retry {
                next_attempt_at, ..
            } => {
                tracing::warn!(retry_at = %crate::clock::format_ms(*next_attempt_at), "temporary failure, will retry");
                "retry"
            }
            DeliveryOutcome::Failed { .. } => {
                tracing::error!("delivery failed permanently");
                "failed"
            }
            DeliveryOutcome::PauseAccount { .. } => {
                tracing::error!(
                    "SALESmanago refused the account's credentials: its deliveries are paused"
                );
                "paused"
            }
        };
        self.metrics.deliveries.with_label_values(&[label]).inc();
    }
}

fn account_throttle(settings: &SalesmanagoSettings) -> DefaultKeyedRateLimiter<Uuid> {
    let per_second =
        NonZeroU32::new(settings.max_requests_per_second.max(1)).expect("at least one");
    RateLimiter::keyed(Quota::per_second(per_second))
}
