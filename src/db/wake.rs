//! The outbox's doorbell. Whatever stores a delivery (a response, an
//! interaction, a retry, a resumed account) rings it, and the delivery
//! worker of this instance wakes at once. On PostgreSQL the ring also goes
//! to every other instance through the database (`LISTEN/NOTIFY`, see
//! `postgres/wake.rs`); the workers' polling covers a ring that is missed.

use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone, Default)]
pub struct Wake {
    /// This instance's worker.
    worker: Arc<Notify>,
    /// The task that tells the other instances (on PostgreSQL). A permit
    /// waits while it is busy, so a burst of rings becomes one message.
    others: Arc<Notify>,
}

impl Wake {
    /// New deliveries are due: every instance's worker should look.
    pub fn deliveries_due(&self) {
        self.worker.notify_one();
        self.others.notify_one();
    }

    /// Only this instance's worker should look (a result freed room here,
    /// or another instance rang).
    pub fn this_worker(&self) {
        self.worker.notify_one();
    }

    /// Waits for a ring meant for this instance's worker.
    pub async fn worker_woken(&self) {
        self.worker.notified().await
    }

    /// Waits for a ring to pass on to the other instances.
    pub async fn others_to_wake(&self) {
        self.others.notified().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_burst_of_rings_reaches_the_others_once() {
        let wake = Wake::default();
        for _ in 0..100 {
            wake.deliveries_due();
        }
        wake.others_to_wake().await;
        let again = tokio::time::timeout(Duration::from_millis(50), wake.others_to_wake()).await;
        assert!(again.is_err(), "the burst left a second message");
        wake.worker_woken().await;
    }

    #[tokio::test]
    async fn a_freed_room_wakes_only_this_worker() {
        let wake = Wake::default();
        wake.this_worker();
        wake.worker_woken().await;
        let others = tokio::time::timeout(Duration::from_millis(50), wake.others_to_wake()).await;
        assert!(others.is_err());
    }
}
