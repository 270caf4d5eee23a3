//! The delivery worker: a loop around [`DeliveryWorker::deliver_due`], woken at
//! once by new responses and by a poll as the fallback. Each step claims a
//! batch, reads each account once, sends with bounded concurrency under a
//! per-account throttle, and records the whole batch in one transaction.

use super::attempt::{attempt, credentials};
use crate::configuration::{SalesmanagoSettings, WorkerSettings};
use crate::crypto::ServerKey;
use crate::db::{ClaimedDelivery, DeliveryOutcome, Store};
use crate::metrics::Metrics;
use crate::salesmanago::{Credentials, SalesmanagoClient};
use crate::state::AppState;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, Semaphore};
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
    /// (they are bounded by the SALESmanago timeout). Database errors are
    /// logged and retried: the worker outlives a briefly unavailable database.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        tracing::info!(
            concurrency = self.settings.concurrency,
            "delivery worker started"
        );
        let poll = Duration::from_millis(self.settings.poll_interval_ms.max(10));
        while !shutdown.is_cancelled() {
            let now = crate::clock::now_ms();
            self.heartbeat.store(now, Ordering::Relaxed);
            match self.deliver_due(now).await {
                Ok(0) => {}
                Ok(_) => continue,
                Err(error) => tracing::error!(error = ?error, "delivery worker step failed"),
            }
            let until_due = match self.store.next_due_at().await {
                Ok(Some(due)) => {
                    Duration::from_millis((due - crate::clock::now_ms()).max(0) as u64)
                }
                _ => poll,
            };
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(until_due.min(poll)) => {}
                _ = shutdown.cancelled() => {}
            }
        }
        tracing::info!("delivery worker stopped");
        Ok(())
    }

    /// Claims up to a batch of deliveries due at `now`, sends them and records
    /// the results. Returns how many were claimed.
    pub async fn deliver_due(&self, now: i64) -> anyhow::Result<usize> {
        let lease_until = now + (self.settings.lease_secs * 1000) as i64;
        let claimed = self
            .store
            .claim_due(now, lease_until, self.settings.batch_size.max(1) as i64)
            .await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let count = claimed.len();
        let access = self.account_access(&claimed).await;
        let permits = Arc::new(Semaphore::new(self.settings.concurrency.max(1)));
        let mut tasks = JoinSet::new();
        let mut results = Vec::with_capacity(count);
        for delivery in claimed {
            match access.get(&delivery.account_id) {
                Some(Ok(credentials)) => {
                    let (worker, credentials, permits) =
                        (self.clone(), credentials.clone(), permits.clone());
                    tasks.spawn(async move {
                        let _permit = permits
                            .acquire_owned()
                            .await
                            .expect("the semaphore is never closed");
                        worker.throttle.until_key_ready(&delivery.account_id).await;
                        let outcome = worker.send(&credentials, &delivery, now).await;
                        (delivery, outcome)
                    });
                }
                Some(Err(outcome)) => results.push((delivery, outcome.clone())),
                // The account could not be read (logged): the claim expires and it is tried again.
                None => {}
            }
        }
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(result) => results.push(result),
                // The claim expires after the lease and the delivery is tried again.
                Err(panic) => tracing::error!(error = %panic, "a delivery attempt panicked"),
            }
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
