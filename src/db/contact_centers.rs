//! Contact-center integrations and their interactions, as stored.

use crate::domain::{ContactCenterRules, EventPlan, IntegrationName};
use async_trait::async_trait;
use uuid::Uuid;

/// One contact-center integration of an account.
#[derive(Debug, Clone)]
pub struct ContactCenter {
    pub id: Uuid,
    pub account_id: Uuid,
    pub name: IntegrationName,
    pub rules: ContactCenterRules,
    /// HTTP Basic user of the integration's webhook receiver.
    pub webhook_user: String,
    /// SHA-256 (hex) of the generated webhook password, shown once.
    pub webhook_password_sha256: String,
    pub thulium: Option<StoredThulium>,
    /// The ticket poller's high-water mark (its own JSON).
    pub poll_state: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Thulium's REST API access as stored: the password only encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredThulium {
    /// `https://<system>.thulium.com/api`
    pub url: String,
    pub user: String,
    pub password_encrypted: String,
}

/// An interaction ready to store: its delivery and the event it sends.
#[derive(Debug, Clone)]
pub struct NewInteraction {
    pub delivery_id: Uuid,
    pub account_id: Uuid,
    pub contact_center_id: Uuid,
    /// The interaction's own id: unique per integration.
    pub interaction_id: String,
    pub plan: EventPlan,
    pub created_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionOutcome {
    /// Stored with this delivery (now durable).
    Stored(Uuid),
    /// The integration had this interaction already: its delivery.
    Replayed(Uuid),
}

/// `create_contact_center` or a rename on a name the account already uses.
#[derive(Debug, thiserror::Error)]
#[error("the account already has an integration with this name")]
pub struct IntegrationNameTaken;

#[async_trait]
pub trait ContactCenterStore: Send + Sync + 'static {
    /// Fails with [`IntegrationNameTaken`].
    async fn create_contact_center(&self, integration: &ContactCenter) -> anyhow::Result<()>;
    async fn contact_centers(&self, account_id: Uuid) -> anyhow::Result<Vec<ContactCenter>>;
    /// Every integration with a Thulium API user, for the ticket poller.
    async fn polled_contact_centers(&self) -> anyhow::Result<Vec<ContactCenter>>;
    /// The integration with this id, only of `account_id` when given.
    async fn contact_center(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<ContactCenter>>;
    async fn contact_center_by_name(
        &self,
        account_id: Uuid,
        name: &str,
    ) -> anyhow::Result<Option<ContactCenter>>;
    /// Saves name, rules, webhook credentials and Thulium access (not the
    /// poll state). Fails with [`IntegrationNameTaken`]; false when gone.
    async fn update_contact_center(&self, integration: &ContactCenter) -> anyhow::Result<bool>;
    /// Deletes the account's integration with its deliveries and their
    /// history. False when the account has no such integration.
    async fn delete_contact_center(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<bool>;
    /// Stores the interaction's delivery, durably, unless the integration
    /// has this interaction id already.
    async fn insert_interaction(
        &self,
        interaction: &NewInteraction,
    ) -> anyhow::Result<InteractionOutcome>;
    /// Stores interactions one by one as [`Self::insert_interaction`], and
    /// the poller's new high-water mark with them, in one transaction: a
    /// restart resumes after exactly what was stored.
    async fn insert_polled(
        &self,
        contact_center_id: Uuid,
        interactions: &[NewInteraction],
        poll_state: &str,
    ) -> anyhow::Result<Vec<InteractionOutcome>>;
}
