//! EmpikPlace → Thulium: each switched-on integration is polled at its own
//! interval (a minute by default, as Mirakl asks). One poll reads the shop's
//! inbox threads updated since its mark and the Thulium tickets modified
//! since its other mark, and queues every new message, agent's reply and
//! automatic reply as a delivery of kind `empik`, with both marks, in one
//! transaction: a restart resumes after exactly what was stored, and a
//! step read twice (the overlap, a crash) is queued once.

mod steps;

pub use steps::{poll_state, reply_steps, thread_steps, PollState, OVERLAP_MS};

use crate::crypto::ServerKey;
use crate::db::{EmpikIntegration, NewEmpikStep, Store, Wake};
use crate::delivery::empik_access;
use crate::empik::{EmpikClient, EmpikError};
use crate::thulium::{format_time, ThuliumClient, ThuliumError, PAGE};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// The most pages one poll reads of either list.
const MAX_PAGES: usize = 20;
/// Integrations polled at once: a slow EmpikPlace holds up only its own.
const AT_ONCE: usize = 8;
/// How often the poller looks for integrations whose interval has passed.
pub const TICK: Duration = Duration::from_secs(10);

/// What one poll of one integration did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PollReport {
    pub threads: usize,
    pub tickets: usize,
    pub queued: usize,
    pub replayed: usize,
}

pub struct EmpikPoller {
    store: Arc<dyn Store>,
    key: Arc<ServerKey>,
    wake: Wake,
    empik: EmpikClient,
    thulium: ThuliumClient,
    /// When each integration was last polled (this process).
    polled_at: Mutex<HashMap<Uuid, i64>>,
    /// A request to poll every integration at once.
    now: Arc<tokio::sync::Notify>,
}

impl EmpikPoller {
    pub fn new(
        store: Arc<dyn Store>,
        key: Arc<ServerKey>,
        wake: Wake,
        now: Arc<tokio::sync::Notify>,
        empik: EmpikClient,
        thulium: ThuliumClient,
    ) -> Self {
        Self {
            store,
            key,
            wake,
            empik,
            thulium,
            polled_at: Mutex::default(),
            now,
        }
    }

    /// Polls every due integration each [`TICK`] until `stop`.
    pub async fn run(self: Arc<Self>, stop: CancellationToken) {
        loop {
            self.poll_due(crate::clock::now_ms()).await;
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(TICK) => {}
                () = self.now.notified() => {
                    self.polled_at.lock().expect("poll times lock").clear();
                }
            }
        }
    }

    /// Polls the integrations whose interval has passed, `AT_ONCE` at a time.
    pub async fn poll_due(&self, now: i64) -> Vec<(Uuid, Result<PollReport, String>)> {
        let integrations = match self.store.polled_empik().await {
            Ok(all) => all,
            Err(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    "cannot list the EmpikPlace integrations"
                );
                return Vec::new();
            }
        };
        let due: Vec<EmpikIntegration> = {
            let polled = self.polled_at.lock().expect("poll times lock");
            integrations
                .into_iter()
                .filter(|i| {
                    polled
                        .get(&i.id)
                        .is_none_or(|at| now - at >= i.poll_seconds.max(60) * 1000 - 500)
                })
                .collect()
        };
        futures_util::stream::iter(due)
            .map(|integration| async move {
                self.polled_at
                    .lock()
                    .expect("poll times lock")
                    .insert(integration.id, now);
                let result = self.poll(&integration, now).await;
                if let Err(error) = &result {
                    tracing::warn!(empik.id = %integration.id, error, "polling EmpikPlace failed; the next poll tries again from the same marks");
                }
                (integration.id, result)
            })
            .buffer_unordered(AT_ONCE)
            .collect()
            .await
    }

    /// One poll of one integration: its inbox and its tickets, stored with
    /// the new marks.
    pub async fn poll(
        &self,
        integration: &EmpikIntegration,
        now: i64,
    ) -> Result<PollReport, String> {
        let (empik, thulium) = empik_access(integration, &self.key)?;
        let state = poll_state(integration, now);
        let mut report = PollReport::default();
        let mut plans = Vec::new();

        let since = crate::clock::rfc3339(state.threads_since - OVERLAP_MS);
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = match self.empik.threads(&empik, &since, token.as_deref()).await {
                Ok(page) => page,
                Err(error @ EmpikError::Authentication(_)) => {
                    return Err(self.pause(integration, error.to_string(), now).await)
                }
                Err(error) => return Err(error.to_string()),
            };
            for thread in &page.threads {
                report.threads += 1;
                plans.extend(
                    self.thread(integration, &state, &empik, thread, now)
                        .await?,
                );
            }
            token = page.next_page_token;
            if token.is_none() {
                break;
            }
        }

        let date_from = format_time(state.tickets_since - OVERLAP_MS);
        for page in 0..MAX_PAGES {
            let tickets = match self
                .thulium
                .tickets(&thulium, &date_from, page * PAGE)
                .await
            {
                Ok(tickets) => tickets,
                Err(error @ ThuliumError::Authentication(_)) => {
                    return Err(self.pause(integration, error.to_string(), now).await)
                }
                Err(error) => return Err(error.to_string()),
            };
            let last = tickets.len() < PAGE;
            let ids: Vec<String> = tickets.iter().map(|t| t.id.clone()).collect();
            let threads = self
                .store
                .empik_threads_by_ticket(integration.id, &ids)
                .await
                .map_err(|e| format!("{e:#}"))?;
            for thread in threads {
                report.tickets += 1;
                let ticket = self
                    .thulium
                    .ticket(&thulium, &thread.ticket_id)
                    .await
                    .map_err(|e| e.to_string())?;
                plans.extend(reply_steps(integration, &state, &thread.thread_id, &ticket));
            }
            if last {
                break;
            }
        }

        let next = PollState {
            started_at: state.started_at,
            threads_since: now,
            tickets_since: now,
        };
        let steps: Vec<NewEmpikStep> = plans
            .into_iter()
            .map(|plan| NewEmpikStep {
                delivery_id: Uuid::now_v7(),
                plan,
                created_at: now,
            })
            .collect();
        let outcomes = self
            .store
            .insert_empik_polled(
                integration.account_id,
                integration.id,
                &steps,
                &serde_json::to_string(&next).expect("state serialises"),
            )
            .await
            .map_err(|e| format!("cannot store the polled EmpikPlace messages: {e:#}"))?;
        for outcome in outcomes {
            match outcome {
                crate::db::InteractionOutcome::Stored(_) => report.queued += 1,
                crate::db::InteractionOutcome::Replayed(_) => report.replayed += 1,
            }
        }
        if report.queued > 0 {
            self.wake.deliveries_due();
        }
        tracing::debug!(empik.id = %integration.id, threads = report.threads, tickets = report.tickets, queued = report.queued, "EmpikPlace polled");
        Ok(report)
    }

    /// One thread's steps; its order is read only when the thread has no
    /// ticket yet and its first message is new since the last poll.
    async fn thread(
        &self,
        integration: &EmpikIntegration,
        state: &PollState,
        empik: &crate::empik::EmpikAccess,
        thread: &crate::empik::InboxThread,
        now: i64,
    ) -> Result<Vec<crate::domain::empik::EmpikPlan>, String> {
        let has_shop_messages = thread
            .messages
            .iter()
            .any(|m| m.from == Some(crate::domain::empik::Party::Shop));
        let sent = if has_shop_messages {
            self.store
                .empik_sent(integration.id, &thread.id)
                .await
                .map_err(|e| format!("{e:#}"))?
        } else {
            Vec::new()
        };
        let first_new = thread
            .messages
            .iter()
            .filter(|m| m.from.is_some())
            .filter_map(|m| m.sent_at)
            .find(|at| *at >= state.started_at)
            .is_some_and(|at| at >= state.threads_since - OVERLAP_MS);
        let order = match (&thread.order_id, first_new) {
            (Some(order_id), true) => {
                let known = self
                    .store
                    .empik_thread(integration.id, &thread.id)
                    .await
                    .map_err(|e| format!("{e:#}"))?;
                if known.is_none() {
                    self.empik.order(empik, order_id).await.unwrap_or_else(|error| {
                        tracing::warn!(empik.id = %integration.id, error = %error, "the thread's order cannot be read; the ticket opens without its products");
                        None
                    })
                } else {
                    None
                }
            }
            _ => None,
        };
        Ok(thread_steps(integration, state, thread, &sent, order, now))
    }

    async fn pause(&self, integration: &EmpikIntegration, reason: String, now: i64) -> String {
        if let Err(error) = self
            .store
            .pause_empik(integration.id, Some(&reason), now)
            .await
        {
            tracing::error!(
                error = format!("{error:#}"),
                "cannot pause the EmpikPlace integration"
            );
        }
        format!("{reason}; the integration is paused until an admin resumes it")
    }
}
