//! Recording results: in groups of whatever has arrived meanwhile, one
//! transaction for many at full speed, at once when it is quiet. A crash
//! repeats at most the calls whose results were not yet recorded.

use super::held::Ticket;
use super::DeliveryWorker;
use crate::db::{ClaimedDelivery, DeliveryOutcome};
use tokio::sync::mpsc;

/// The most attempts recorded in one transaction.
const RECORD_MAX: usize = 256;

/// An attempt's result on its way to the recorder, holding its claim.
pub(super) struct Finished {
    delivery: ClaimedDelivery,
    outcome: DeliveryOutcome,
    /// When the call ended (the step's clock if that is later: tests move time).
    at: i64,
    ticket: Ticket,
}

impl Finished {
    pub fn new(
        delivery: ClaimedDelivery,
        outcome: DeliveryOutcome,
        at: i64,
        ticket: Ticket,
    ) -> Self {
        Self {
            delivery,
            outcome,
            at,
            ticket,
        }
    }

    /// Hands the result to the recorder.
    pub async fn report(self, recorder: &mpsc::Sender<Finished>) {
        let _ = recorder.send(self).await;
    }
}

impl DeliveryWorker {
    /// Records results until every sender is gone; each group frees its
    /// claims' room and wakes the loop.
    pub(super) async fn record_all(self, mut to_record: mpsc::Receiver<Finished>) {
        let mut group = Vec::new();
        while to_record.recv_many(&mut group, RECORD_MAX).await > 0 {
            let at = group.iter().map(|f| f.at).max().unwrap_or_default();
            let (results, tickets): (Vec<_>, Vec<_>) = group
                .drain(..)
                .map(|f| ((f.delivery, f.outcome), f.ticket))
                .unzip();
            for (delivery, outcome) in &results {
                self.count(delivery, outcome, at);
            }
            if let Err(error) = self.store.finish_deliveries(&results, at).await {
                // The claims expire after their lease and are tried again.
                tracing::error!(
                    error = format!("{error:#}"),
                    results = results.len(),
                    "cannot record delivery attempts"
                );
            }
            drop(tickets);
            self.wake.this_worker();
        }
    }

    /// Logs with ids only (SALESmanago's messages may echo e-mails, so they
    /// stay in the database) and counts the outcome.
    fn count(&self, delivery: &ClaimedDelivery, outcome: &DeliveryOutcome, finished: i64) {
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
            DeliveryOutcome::Ignored { .. } => {
                tracing::info!("SALESmanago has no such contact: the event is ignored");
                "ignored"
            }
            DeliveryOutcome::Released => return,
        };
        self.metrics.deliveries.with_label_values(&[label]).inc();
    }
}
