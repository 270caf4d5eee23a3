//! EmpikPlace integrations, their threads' tickets and their queued steps,
//! as stored.

use super::contact_centers::{InteractionOutcome, StoredThulium};
use crate::domain::empik::EmpikPlan;
use async_trait::async_trait;
use uuid::Uuid;

/// One shop's EmpikPlace inbox, tied to one Thulium helpdesk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmpikIntegration {
    pub id: Uuid,
    pub account_id: Uuid,
    pub shop_id: String,
    /// `https://marketplace.empik.com/api` unless a sandbox.
    pub api_url: String,
    pub api_key_encrypted: String,
    pub thulium: StoredThulium,
    pub queue_id: String,
    pub category_id: Option<String>,
    /// The Thulium customer field holding the EmpikPlace customer id.
    pub customer_field: String,
    pub auto_reply: Option<String>,
    pub poll_seconds: i64,
    pub enabled: bool,
    /// Why it stopped (credentials refused), until an admin resumes it.
    pub paused_reason: Option<String>,
    /// The poller's high-water marks (its own JSON).
    pub poll_state: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A thread's ticket and the ticket's customer, fixed at its creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmpikThread {
    pub thread_id: String,
    pub ticket_id: String,
    pub customer_id: Option<String>,
}

/// A step ready to store as a delivery of kind `empik`.
#[derive(Debug, Clone)]
pub struct NewEmpikStep {
    pub delivery_id: Uuid,
    pub plan: EmpikPlan,
    pub created_at: i64,
}

/// `save_empik` for a shop the account has an integration for already.
#[derive(Debug, thiserror::Error)]
#[error("the account already has an EmpikPlace integration for this shop")]
pub struct ShopTaken;

#[async_trait]
pub trait EmpikStore: Send + Sync + 'static {
    /// Creates or updates it (not its poll state). Fails with [`ShopTaken`].
    async fn save_empik(&self, integration: &EmpikIntegration) -> anyhow::Result<()>;
    async fn empik_integrations(&self, account_id: Uuid) -> anyhow::Result<Vec<EmpikIntegration>>;
    /// The integration with this id, only of `account_id` when given.
    async fn empik_integration(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<EmpikIntegration>>;
    /// Every integration switched on and not paused, for the poller.
    async fn polled_empik(&self) -> anyhow::Result<Vec<EmpikIntegration>>;
    /// Pauses it with a reason, or resumes it (`None`): a resume makes its
    /// waiting steps due at `now`.
    async fn pause_empik(&self, id: Uuid, reason: Option<&str>, now: i64) -> anyhow::Result<()>;
    /// Deletes the account's integration with its threads and deliveries.
    async fn delete_empik(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<bool>;
    /// Stores the steps (each once per integration and interaction id) and
    /// the poller's new marks in one transaction.
    async fn insert_empik_polled(
        &self,
        account_id: Uuid,
        integration_id: Uuid,
        steps: &[NewEmpikStep],
        poll_state: &str,
    ) -> anyhow::Result<Vec<InteractionOutcome>>;
    async fn empik_thread(
        &self,
        integration_id: Uuid,
        thread_id: &str,
    ) -> anyhow::Result<Option<EmpikThread>>;
    /// The threads whose tickets are among `ticket_ids`.
    async fn empik_threads_by_ticket(
        &self,
        integration_id: Uuid,
        ticket_ids: &[String],
    ) -> anyhow::Result<Vec<EmpikThread>>;
    /// Keeps the thread's ticket; the first one stored wins and is returned.
    async fn save_empik_thread(
        &self,
        integration_id: Uuid,
        thread: &EmpikThread,
        at: i64,
    ) -> anyhow::Result<EmpikThread>;
    /// Whether a message of the same thread queued before this delivery is
    /// still pending: a thread's messages go into its ticket in order.
    async fn empik_earlier_pending(
        &self,
        integration_id: Uuid,
        thread_id: &str,
        delivery_id: Uuid,
        created_at: i64,
    ) -> anyhow::Result<bool>;
    /// Notes a reply ankieter sent (the hash of its text).
    async fn note_empik_sent(
        &self,
        integration_id: Uuid,
        thread_id: &str,
        body_sha256: &str,
        at: i64,
    ) -> anyhow::Result<()>;
    /// The hashes of the replies ankieter sent into the thread.
    async fn empik_sent(
        &self,
        integration_id: Uuid,
        thread_id: &str,
    ) -> anyhow::Result<Vec<String>>;
}
