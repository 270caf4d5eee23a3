use super::chats::ChatStore;
use super::contact_centers::ContactCenterStore;
use super::empik::EmpikStore;
use super::privacy::PrivacyStore;
use super::records::*;
use super::wake::Wake;
use crate::domain::{AccountTimeZone, Language};
use async_trait::async_trait;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// Everything ankieter keeps, behind one narrow interface: handlers, the worker
/// and the CLI use only this, so a PostgreSQL backend is one more set of impls.
pub trait Store:
    AccountStore
    + SurveyStore
    + ResponseStore
    + DeliveryStore
    + SecretStore
    + AdminStore
    + TokenStore
    + ContactCenterStore
    + ChatStore
    + EmpikStore
    + PrivacyStore
    + Lifecycle
    + Instances
{
}

impl<T> Store for T where
    T: AccountStore
        + SurveyStore
        + ResponseStore
        + DeliveryStore
        + SecretStore
        + AdminStore
        + TokenStore
        + ContactCenterStore
        + ChatStore
        + EmpikStore
        + PrivacyStore
        + Lifecycle
        + Instances
{
}

/// Leaving the storage tidy when the server stops.
#[async_trait]
pub trait Lifecycle: Send + Sync + 'static {
    /// Called once the server and its worker have stopped: SQLite copies its
    /// WAL into the database file, which then alone holds everything (a
    /// stopped server is backed up by copying one file). An error loses
    /// nothing: the WAL stays beside the file and is read at the next start.
    async fn close(&self) -> anyhow::Result<()>;

    /// Makes a tiny durable write, as a response's would be: readiness asks
    /// whether the server can accept one, which a read cannot tell (on a
    /// full disk reads work and every submit fails).
    async fn probe_write(&self, now: i64) -> anyhow::Result<()>;
}

/// What the instances sharing one database agree on through it. SQLite
/// serves one instance, so it keeps the defaults: nothing to share.
#[async_trait]
pub trait Instances: Send + Sync + 'static {
    /// Passes this instance's rings of `wake` to the other instances and
    /// theirs to this instance's worker, until `stop`.
    fn spread_wakes(&self, _wake: Wake, _stop: CancellationToken) {}

    /// Reserves `calls` calls to an account's SALESmanago, at most
    /// `per_second` for the whole installation: how long to wait before
    /// making them. `None`: this instance alone calls, and paces itself.
    async fn reserve_calls(
        &self,
        _account_id: Uuid,
        _calls: u32,
        _per_second: u32,
    ) -> anyhow::Result<Option<Duration>> {
        Ok(None)
    }
}

/// API tokens, looked up by the SHA-256 of the presented token.
#[async_trait]
pub trait TokenStore: Send + Sync + 'static {
    async fn create_token(&self, token: &ApiToken) -> anyhow::Result<()>;
    /// The token with this hash, revoked or not; records the use of a live one.
    async fn use_token(&self, token_sha256: &str, now: i64) -> anyhow::Result<Option<ApiToken>>;
    async fn tokens(&self, account_id: Uuid) -> anyhow::Result<Vec<ApiToken>>;
    /// Revokes the token (of the account, when given). False when none was live.
    async fn revoke_token(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
        now: i64,
    ) -> anyhow::Result<bool>;
}

/// Web admin users. Every other admin read takes the signed-in user's
/// account id, so another account's id finds nothing.
#[async_trait]
pub trait AdminStore: Send + Sync + 'static {
    /// Fails with [`AdminExists`] when the e-mail is taken.
    async fn create_admin(&self, admin: &AdminUser) -> anyhow::Result<()>;
    async fn admin_by_email(&self, email: &str) -> anyhow::Result<Option<AdminUser>>;
    async fn admin(&self, id: Uuid) -> anyhow::Result<Option<AdminUser>>;
    /// Ends every session of the admin (bumps the session generation).
    async fn end_admin_sessions(&self, id: Uuid) -> anyhow::Result<()>;
    /// Saves a new password hash and ends the admin's sessions.
    async fn set_admin_password(&self, id: Uuid, password_hash: &str) -> anyhow::Result<()>;
    /// The admin pages' language for this admin (`None`: the account's).
    async fn set_admin_language(&self, id: Uuid, language: Option<Language>) -> anyhow::Result<()>;
    /// Notes a failed sign-in (e-mail and address as keyed hashes, never
    /// themselves) and forgets failures from before `forget_before`.
    async fn sign_in_failed(
        &self,
        email_key: &str,
        address_key: Option<&str>,
        at: i64,
        forget_before: i64,
    ) -> anyhow::Result<()>;
    /// The failed sign-ins since `since`, on every instance.
    async fn sign_in_failures(
        &self,
        email_key: &str,
        address_key: Option<&str>,
        since: i64,
    ) -> anyhow::Result<SignInFailures>;
}

/// `create_admin` on an e-mail that already has an admin.
#[derive(Debug, thiserror::Error)]
#[error("an admin with this e-mail already exists")]
pub struct AdminExists;

/// Every secret encrypted under the server key, for `ankieter secret-key rotate`.
#[async_trait]
pub trait SecretStore: Send + Sync + 'static {
    async fn encrypted_secrets(&self) -> anyhow::Result<Vec<EncryptedSecret>>;
    /// Writes the re-encrypted secrets in one transaction.
    async fn replace_encrypted_secrets(&self, secrets: &[EncryptedSecret]) -> anyhow::Result<()>;
}

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// Cheap round-trip for readiness checks.
    async fn ping(&self) -> anyhow::Result<()>;

    async fn meta(&self, key: &str) -> anyhow::Result<Option<String>>;
    async fn set_meta(&self, key: &str, value: &str) -> anyhow::Result<()>;

    async fn create_account(&self, account: &Account) -> anyhow::Result<()>;
    async fn account(&self, id: Uuid) -> anyhow::Result<Option<Account>>;
    async fn accounts(&self) -> anyhow::Result<Vec<Account>>;
    /// Saves new credentials (and prefix) and resumes paused deliveries: new
    /// credentials are the fix for an authentication error. Returns how many resumed.
    async fn set_salesmanago(
        &self,
        account_id: Uuid,
        settings: &StoredSalesmanago,
        property_prefix: &crate::domain::PropertyPrefix,
        now: i64,
    ) -> anyhow::Result<u64>;
    /// Pauses the account's pending deliveries with `reason`.
    async fn pause_account(&self, account_id: Uuid, reason: &str, now: i64) -> anyhow::Result<()>;
    /// Clears the pause and makes paused deliveries due now. Returns how many.
    async fn resume_account(&self, account_id: Uuid, now: i64) -> anyhow::Result<u64>;
    /// Sets (or with `None` removes) the account's response webhook.
    async fn set_webhook(
        &self,
        account_id: Uuid,
        webhook: Option<&StoredWebhook>,
    ) -> anyhow::Result<()>;
    async fn set_account_time_zone(
        &self,
        account_id: Uuid,
        zone: &AccountTimeZone,
    ) -> anyhow::Result<()>;
}

#[async_trait]
pub trait SurveyStore: Send + Sync + 'static {
    /// Creates the survey (with `new`'s id and key), or replaces the document
    /// of the account's survey with that slug.
    async fn save_survey(
        &self,
        account_id: Uuid,
        document: &crate::domain::SurveyDocument,
        new: &NewSurvey,
        now: i64,
    ) -> anyhow::Result<SaveSurveyOutcome>;
    async fn survey_by_slug(&self, slug: &str) -> anyhow::Result<Option<StoredSurvey>>;
    async fn surveys(&self, account_id: Uuid) -> anyhow::Result<Vec<SurveySummary>>;
    /// The account's survey with this id; another account's id finds nothing.
    async fn survey(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<Option<StoredSurvey>>;
    /// Deletes the account's survey with its responses, deliveries and their
    /// history, [`DELETE_BATCH`] responses per transaction and the survey
    /// itself in the last one (a response arriving meanwhile is deleted
    /// with it or refused, never orphaned); says what was deleted. `None`
    /// when the account has no such survey.
    async fn delete_survey(
        &self,
        account_id: Uuid,
        id: Uuid,
    ) -> anyhow::Result<Option<SurveyFootprint>>;
    /// What deleting the account's survey would delete (`None`: no such survey).
    async fn survey_footprint(
        &self,
        account_id: Uuid,
        id: Uuid,
    ) -> anyhow::Result<Option<SurveyFootprint>>;
}

#[async_trait]
pub trait ResponseStore: Send + Sync + 'static {
    /// Stores the response and its delivery in one transaction.
    async fn insert_response(
        &self,
        response: &NewResponse,
        delivery: Option<&NewDelivery>,
    ) -> anyhow::Result<InsertOutcome>;
    async fn has_browser_response(&self, survey_id: Uuid, browser_id: &str)
        -> anyhow::Result<bool>;
    /// How many responses the survey holds.
    async fn response_count(&self, survey_id: Uuid) -> anyhow::Result<u64>;
    async fn responses(&self, survey_id: Uuid) -> anyhow::Result<Vec<StoredResponse>>;
    /// Newest first, one page of the account's survey's responses.
    async fn response_page(
        &self,
        account_id: Uuid,
        survey_id: Uuid,
        filter: &ResponseFilter,
    ) -> anyhow::Result<Vec<ResponseRow>>;
    async fn response(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<Option<ResponseRow>>;
    /// The response stored with this submission token (a replayed request).
    async fn response_by_token(
        &self,
        survey_id: Uuid,
        submission_token: &str,
    ) -> anyhow::Result<Option<ResponseRow>>;
}

#[async_trait]
pub trait DeliveryStore: Send + Sync + 'static {
    /// Reserves due deliveries until `lease_until`, within `limits`: the
    /// room is shared out among the accounts that have due deliveries, one
    /// at a time in turn, each up to its own room.
    async fn claim_due(
        &self,
        now: i64,
        lease_until: i64,
        limits: &ClaimLimits,
    ) -> anyhow::Result<Claimed>;
    /// Records a batch of attempts in one transaction. A result whose claim
    /// is no longer ours (it expired and another worker took it) is ignored.
    async fn finish_deliveries(
        &self,
        results: &[(ClaimedDelivery, DeliveryOutcome)],
        now: i64,
    ) -> anyhow::Result<()>;
    async fn queue_stats(&self) -> anyhow::Result<QueueStats>;
    /// When the next pending delivery falls due, for the worker's sleep.
    async fn next_due_at(&self) -> anyhow::Result<Option<i64>>;
    async fn deliveries(&self, filter: &DeliveryFilter) -> anyhow::Result<Vec<DeliveryRecord>>;
    /// One delivery, only if it belongs to `account_id` (when given).
    async fn delivery(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<DeliveryRecord>>;
    /// Every call made for a delivery, oldest first (the delivered one comes
    /// from the delivery itself).
    async fn attempts(&self, delivery_id: Uuid) -> anyhow::Result<Vec<AttemptRecord>>;
    /// Per survey of the account: delivered and failed since `since`, retrying and paused now.
    async fn delivery_health(
        &self,
        account_id: Uuid,
        since: i64,
    ) -> anyhow::Result<Vec<(Uuid, DeliveryHealth)>>;
    /// Makes a failed or paused delivery due now (a paused one resumes its
    /// whole account). Only the account's own delivery when `account_id` is
    /// given. Returns false when there was nothing to retry.
    async fn retry_delivery(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
        now: i64,
    ) -> anyhow::Result<bool>;
    /// The account's deliveries (responses' and events') whose contact is
    /// this e-mail, whatever its case, newest first.
    async fn deliveries_for_email(
        &self,
        account_id: Uuid,
        email: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<DeliveryRecord>>;
    /// Makes every failed delivery (of one account, or all) due now.
    async fn retry_failed(&self, account_id: Option<Uuid>, now: i64) -> anyhow::Result<u64>;
}
