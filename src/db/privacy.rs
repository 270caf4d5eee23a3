//! Personal data over its life: what the store holds about a person, its
//! erasure, the deletion of old responses (retention), and the audit log of
//! what admins changed.

use super::records::DeliveryRecord;
use async_trait::async_trait;
use uuid::Uuid;

/// The most rows one erasure or retention transaction deletes, so that a
/// large one never holds the writer (and the submissions behind it) long.
pub const ERASE_BATCH: usize = 500;

/// What to delete for one person in one account. The ids are the caller's
/// findings; the store deletes only rows of `account_id` whatever they say.
#[derive(Debug, Clone, Default)]
pub struct Erasure {
    pub account_id: Uuid,
    /// Responses, with their deliveries and webhook posts.
    pub response_ids: Vec<Uuid>,
    /// Deliveries of no erased response (interactions' events).
    pub delivery_ids: Vec<Uuid>,
    /// Thulium chats waiting for their close with this e-mail (lowercased).
    pub chat_email: Option<String>,
}

/// What an erasure or a retention pass deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub responses: u64,
    pub deliveries: u64,
    /// Of those deliveries, how many were still to be sent (cancelled).
    pub cancelled: u64,
    /// Of those, how many were being sent at that moment: the recipient may
    /// have received them.
    pub in_flight: u64,
    pub chats: u64,
}

impl Erased {
    pub fn add(&mut self, other: Erased) {
        self.responses += other.responses;
        self.deliveries += other.deliveries;
        self.cancelled += other.cancelled;
        self.in_flight += other.in_flight;
        self.chats += other.chats;
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// How long an account keeps what (`None`: as long as possible).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retention {
    /// Days a response is kept, with its deliveries.
    pub responses_days: Option<u32>,
    /// Days a delivered response's values stay in its delivery's plan.
    pub delivery_body_days: Option<u32>,
}

impl Retention {
    pub fn is_forever(&self) -> bool {
        *self == Self::default()
    }
}

/// One admin action, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: Uuid,
    pub account_id: Uuid,
    pub at: i64,
    /// `admin:<e-mail>`, `token:<name>` or `cli`.
    pub actor: String,
    /// A fixed name such as `person.erase` or `survey.save`.
    pub action: String,
    /// What it was done to, without personal data.
    pub detail: String,
    pub ip: Option<String>,
}

#[async_trait]
pub trait PrivacyStore: Send + Sync + 'static {
    /// The account's deliveries (responses' and events') whose SALESmanago
    /// contact is this id, newest first.
    async fn deliveries_for_contact_id(
        &self,
        account_id: Uuid,
        contact_id: &str,
    ) -> anyhow::Result<Vec<DeliveryRecord>>;
    /// The conversations of the account's Thulium chats waiting for their
    /// close with this e-mail (lowercased).
    async fn chats_for_email(&self, account_id: Uuid, email: &str) -> anyhow::Result<Vec<String>>;
    /// Deletes what `erasure` names, deliveries before responses, in
    /// transactions of at most [`ERASE_BATCH`] rows each.
    async fn erase(&self, erasure: &Erasure, now: i64) -> anyhow::Result<Erased>;

    async fn retention(&self, account_id: Uuid) -> anyhow::Result<Retention>;
    async fn set_retention(&self, account_id: Uuid, retention: Retention) -> anyhow::Result<()>;
    /// Every account that keeps something for a limited time.
    async fn retentions(&self) -> anyhow::Result<Vec<(Uuid, Retention)>>;
    /// Removes the values from up to `limit` of the account's response
    /// deliveries delivered before `before` (see
    /// [`crate::domain::DeliveryPlan::without_values`]); says how many.
    async fn remove_delivered_values(
        &self,
        account_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<u64>;
    /// Deletes, in one transaction, up to `limit` of the account's responses
    /// created before `before` (oldest first) with their deliveries, and up
    /// to `limit` of its other deliveries (events, webhook posts) created
    /// before it. Nothing deleted means the account is done.
    async fn delete_older(
        &self,
        account_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<Erased>;

    /// Every survey that keeps its responses for a limited time: account,
    /// survey, days.
    async fn survey_retentions(&self) -> anyhow::Result<Vec<(Uuid, Uuid, u32)>>;
    /// Deletes, in one transaction, up to `limit` of the survey's responses
    /// created before `before` (oldest first) with their deliveries and
    /// webhook posts.
    async fn delete_older_in_survey(
        &self,
        survey_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<Erased>;

    async fn record_audit(&self, entry: &AuditEntry) -> anyhow::Result<()>;
    /// The account's audit log, newest first: up to `limit` entries older
    /// than `before` (a keyset cursor).
    async fn audit_log(
        &self,
        account_id: Uuid,
        before: Option<(i64, Uuid)>,
        limit: i64,
    ) -> anyhow::Result<Vec<AuditEntry>>;
}

/// A stored response plan with its values removed, stored again.
pub(crate) fn without_values(plan: &str) -> anyhow::Result<String> {
    let plan: crate::domain::DeliveryPlan = serde_json::from_str(plan)?;
    Ok(serde_json::to_string(&plan.without_values())?)
}
