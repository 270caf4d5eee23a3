//! The delivery worker. One step claims what the free room allows, in turns
//! across accounts, and starts each call; a recorder writes the results as
//! they finish. The running worker repeats the step whenever a response
//! arrives or a result frees room; tests call the same step with their own
//! clock ([`DeliveryWorker::deliver_due`]).
//!
//! At most `ANKIETER_WORKER__CONCURRENCY` calls are in flight, and
//! `…__ACCOUNT_CONCURRENCY` per account; claims run only as far ahead of the
//! calls as is sure to be sent within their lease (`limits`), and a call
//! starts only if its claim's lease outlasts it. So without a crash no lease
//! runs out while its call is still to come or under way, and every delivery
//! is sent once; and an account whose SALESmanago is slow or failing holds
//! at most its own share of the calls and claims.

mod access;
mod held;
mod limits;
mod record;
mod step;

use crate::configuration::{SalesmanagoSettings, WorkerSettings};
use crate::crypto::ServerKey;
use crate::db::Store;
use crate::db::Wake;
use crate::delivery::webhook::WebhookClient;
use crate::domain::EndpointPolicy;
use crate::metrics::Metrics;
use crate::salesmanago::SalesmanagoClient;
use crate::telemetry::Failures;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use held::Held;
use limits::{Lanes, Limits, Paces};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, Semaphore};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// What the worker uses, given by whoever builds it.
pub struct WorkerParts {
    pub store: Arc<dyn Store>,
    pub client: SalesmanagoClient,
    pub key: Arc<ServerKey>,
    /// Notified when a response is stored (and by the recorder, when it
    /// frees room).
    pub wake: Wake,
    pub metrics: Arc<Metrics>,
    /// When the loop last went round (ms), for `/readyz`.
    pub heartbeat: Arc<AtomicI64>,
}

#[derive(Clone)]
pub struct DeliveryWorker {
    store: Arc<dyn Store>,
    client: SalesmanagoClient,
    key: Arc<ServerKey>,
    wake: Wake,
    metrics: Arc<Metrics>,
    heartbeat: Arc<AtomicI64>,
    settings: WorkerSettings,
    /// A call ends within this (the client's timeout): its lease must outlast it.
    call_timeout: Duration,
    /// Calls per second to each account's SALESmanago; waits here never touch
    /// the respondent's submit, which only writes to the database.
    throttle: Arc<DefaultKeyedRateLimiter<Uuid>>,
    /// The same rate, shared by every instance when the store can (PostgreSQL).
    per_second: u32,
    limits: Limits,
    held: Arc<Held>,
    /// Calls in flight: in all, and per account.
    calls: Arc<Semaphore>,
    lanes: Arc<Lanes>,
    /// How long each account's calls take lately (how far ahead to claim).
    paces: Arc<Paces>,
    /// Rotates which of several equally served accounts claims first.
    turn: Arc<AtomicU64>,
    /// Posts to the accounts' webhooks (the SALESmanago client's timeout
    /// and address policy, its own connections).
    webhooks: WebhookClient,
    /// Sends EmpikPlace integrations' steps to Thulium and EmpikPlace (the
    /// same timeout and address policy).
    empik: crate::delivery::EmpikSender,
}

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub claimed: usize,
    /// Due deliveries were left because there was no room for them.
    pub more_due: bool,
}

impl DeliveryWorker {
    pub fn new(
        parts: WorkerParts,
        settings: &WorkerSettings,
        salesmanago: &SalesmanagoSettings,
    ) -> Self {
        let per_second =
            NonZeroU32::new(salesmanago.max_requests_per_second.max(1)).expect("at least one");
        let limits = Limits::new(settings, salesmanago);
        let empik = crate::delivery::EmpikSender::new(
            parts.store.clone(),
            parts.key.clone(),
            crate::empik::EmpikClient::new(
                Duration::from_millis(salesmanago.timeout_ms),
                EndpointPolicy::from_setting(salesmanago.allow_any_endpoint),
            ),
            crate::thulium::ThuliumClient::new(
                Duration::from_millis(salesmanago.timeout_ms),
                EndpointPolicy::from_setting(salesmanago.allow_any_endpoint),
            ),
            Duration::from_millis(salesmanago.timeout_ms),
        );
        Self {
            store: parts.store,
            client: parts.client,
            key: parts.key,
            wake: parts.wake,
            metrics: parts.metrics,
            heartbeat: parts.heartbeat,
            settings: settings.clone(),
            call_timeout: Duration::from_millis(salesmanago.timeout_ms),
            throttle: Arc::new(RateLimiter::keyed(Quota::per_second(per_second))),
            per_second: per_second.get(),
            limits,
            held: Arc::default(),
            calls: Arc::new(Semaphore::new(limits.calls)),
            lanes: Arc::default(),
            paces: Arc::default(),
            turn: Arc::default(),
            webhooks: WebhookClient::new(
                Duration::from_millis(salesmanago.timeout_ms),
                EndpointPolicy::from_setting(salesmanago.allow_any_endpoint),
            ),
            empik,
        }
    }

    /// Runs until `shutdown` is cancelled; the calls in flight then finish
    /// (bounded by the SALESmanago timeout) and are recorded. Database
    /// errors are waited out: the worker outlives a full disk.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        tracing::info!("delivery worker started");
        tracing::debug!(limits = ?self.limits, lease_secs = self.settings.lease_secs, "delivery worker limits");
        let poll = Duration::from_millis(self.settings.poll_interval_ms.max(10));
        let (finished, to_record) = mpsc::channel::<record::Finished>(self.limits.held);
        let recorder = tokio::spawn(self.clone().record_all(to_record));
        let mut failures = Failures::new("the delivery worker");
        while !shutdown.is_cancelled() {
            let now = crate::clock::now_ms();
            self.heartbeat.store(now, Ordering::Relaxed);
            let wait = match self.step(now, &finished).await {
                Ok(round) => {
                    failures.succeeded();
                    match round {
                        // Room may be left, and more may be due at once.
                        Round { claimed, .. } if claimed > 0 => continue,
                        // Wait for a result to free room (it wakes us).
                        Round { more_due: true, .. } => poll,
                        Round { .. } => self.until_next_due(poll).await,
                    }
                }
                Err(error) => failures.failed(&error),
            };
            // New responses and recorded attempts (freed room) both wake us.
            tokio::select! {
                _ = self.wake.worker_woken() => {}
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.cancelled() => {}
            }
        }
        // Every claim is held until its attempt is recorded.
        while self.held.total() > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        drop(finished);
        if let Err(panic) = recorder.await {
            tracing::error!(error = %panic, "the delivery recorder panicked");
        }
        tracing::info!("delivery worker stopped");
        Ok(())
    }

    /// How long until the next delivery falls due (at most `poll`).
    async fn until_next_due(&self, poll: Duration) -> Duration {
        match self.store.next_due_at().await {
            Ok(Some(due)) => {
                Duration::from_millis((due - crate::clock::now_ms()).max(0) as u64).min(poll)
            }
            _ => poll,
        }
    }

    /// One step with the caller's clock (tests and tools): the same step the
    /// running worker takes, then waits for its calls and records them as
    /// the running recorder does. Returns how many deliveries it claimed.
    pub async fn deliver_due(&self, now: i64) -> anyhow::Result<usize> {
        let (finished, to_record) = mpsc::channel(self.limits.held);
        let round = self.step(now, &finished).await?;
        // The channel closes when the last call has reported.
        drop(finished);
        self.clone().record_all(to_record).await;
        Ok(round.claimed)
    }
}
