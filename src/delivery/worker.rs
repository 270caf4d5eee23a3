//! The delivery worker: a loop around [`DeliveryWorker::deliver_due`], woken at
//! once by new responses and by a poll as the fallback.

use super::attempt::{attempt, credentials};
use crate::configuration::WorkerSettings;
use crate::crypto::ServerKey;
use crate::db::{ClaimedDelivery, DeliveryOutcome, Store};
use crate::metrics::Metrics;
use crate::salesmanago::SalesmanagoClient;
use crate::state::AppState;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

#[derive(Clone)]
pub struct DeliveryWorker {
    store: Arc<dyn Store>,
    client: SalesmanagoClient,
    key: Arc<ServerKey>,
    wake: Arc<Notify>,
    metrics: Arc<Metrics>,
    heartbeat: Arc<AtomicI64>,
    settings: WorkerSettings,
}

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

    /// Claims and sends every delivery due at `now`, up to the concurrency
    /// limit at a time. Returns how many were attempted.
    pub async fn deliver_due(&self, now: i64) -> anyhow::Result<usize> {
        let lease_until = now + (self.settings.lease_secs * 1000) as i64;
        let claimed = self
            .store
            .claim_due(now, lease_until, self.settings.concurrency.max(1) as i64)
            .await?;
        let count = claimed.len();
        let mut tasks = JoinSet::new();
        for delivery in claimed {
            let worker = self.clone();
            tasks.spawn(async move { worker.deliver_one(delivery, now).await });
        }
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    tracing::error!(error = ?error, "cannot record a delivery attempt")
                }
                // The claim expires after the lease and the delivery is tried again.
                Err(panic) => tracing::error!(error = %panic, "a delivery attempt panicked"),
            }
        }
        Ok(count)
    }

    #[tracing::instrument(name = "deliver", skip_all, fields(delivery.id = %delivery.id, account.id = %delivery.account_id, delivery.attempt = delivery.attempts))]
    async fn deliver_one(&self, delivery: ClaimedDelivery, now: i64) -> anyhow::Result<()> {
        let account = self.store.account(delivery.account_id).await?;
        let outcome = match account.as_ref().map(|a| (a, credentials(a, &self.key))) {
            None => DeliveryOutcome::Failed {
                request_kind: None,
                error: "the account no longer exists".into(),
            },
            Some((account, _)) if account.paused_reason.is_some() => {
                DeliveryOutcome::PauseAccount {
                    reason: account.paused_reason.clone().unwrap_or_default(),
                }
            }
            Some((_, Err(reason))) => DeliveryOutcome::PauseAccount { reason },
            Some((_, Ok(credentials))) => attempt(&self.client, &credentials, &delivery, now).await,
        };
        // The result is recorded at the real time the call ended.
        let finished = now.max(crate::clock::now_ms());
        self.record(&outcome, finished - delivery.created_at);
        self.store
            .finish_delivery(&delivery, &outcome, finished)
            .await
    }

    /// Logs with ids only (SALESmanago's messages may echo e-mails, so they
    /// stay in the database) and counts the outcome.
    fn record(&self, outcome: &DeliveryOutcome, age_ms: i64) {
        let label = match outcome {
            DeliveryOutcome::Delivered { request_kind, .. } => {
                tracing::info!(request = %request_kind, "delivered");
                self.metrics
                    .delivery_latency
                    .observe(age_ms.max(0) as f64 / 1000.0);
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
