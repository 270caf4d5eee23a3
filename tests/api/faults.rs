//! A panicking delivery does not stop the worker: the store below panics the
//! first time the worker reads an account, in the middle of an attempt.

use crate::helpers::*;
use ankieter::db::*;
use ankieter::delivery::{DeliveryWorker, WorkerParts};
use ankieter::domain::{AccountTimeZone, Language, PropertyPrefix, SurveyDocument};
use ankieter::salesmanago::SalesmanagoClient;
use async_trait::async_trait;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

struct PanicsOnce {
    inner: Arc<dyn Store>,
    panicked: AtomicBool,
}

#[async_trait]
impl AccountStore for PanicsOnce {
    async fn ping(&self) -> anyhow::Result<()> {
        self.inner.ping().await
    }
    async fn meta(&self, key: &str) -> anyhow::Result<Option<String>> {
        self.inner.meta(key).await
    }
    async fn set_meta(&self, key: &str, value: &str) -> anyhow::Result<()> {
        self.inner.set_meta(key, value).await
    }
    async fn create_account(&self, account: &Account) -> anyhow::Result<()> {
        self.inner.create_account(account).await
    }
    async fn account(&self, id: Uuid) -> anyhow::Result<Option<Account>> {
        if !self.panicked.swap(true, Ordering::SeqCst) {
            panic!("injected fault while reading account {id}");
        }
        self.inner.account(id).await
    }
    async fn accounts(&self) -> anyhow::Result<Vec<Account>> {
        self.inner.accounts().await
    }
    async fn set_salesmanago(
        &self,
        id: Uuid,
        s: &StoredSalesmanago,
        p: &PropertyPrefix,
        now: i64,
    ) -> anyhow::Result<u64> {
        self.inner.set_salesmanago(id, s, p, now).await
    }
    async fn set_webhook(
        &self,
        id: Uuid,
        webhook: Option<&ankieter::db::StoredWebhook>,
    ) -> anyhow::Result<()> {
        self.inner.set_webhook(id, webhook).await
    }
    async fn pause_account(&self, id: Uuid, reason: &str, now: i64) -> anyhow::Result<()> {
        self.inner.pause_account(id, reason, now).await
    }
    async fn resume_account(&self, id: Uuid, now: i64) -> anyhow::Result<u64> {
        self.inner.resume_account(id, now).await
    }
    async fn set_account_time_zone(&self, id: Uuid, zone: &AccountTimeZone) -> anyhow::Result<()> {
        self.inner.set_account_time_zone(id, zone).await
    }
}

#[async_trait]
impl Instances for PanicsOnce {
    fn spread_wakes(&self, wake: Wake, stop: tokio_util::sync::CancellationToken) {
        self.inner.spread_wakes(wake, stop)
    }
    async fn reserve_calls(
        &self,
        account_id: Uuid,
        calls: u32,
        per_second: u32,
    ) -> anyhow::Result<Option<Duration>> {
        self.inner
            .reserve_calls(account_id, calls, per_second)
            .await
    }
}

#[async_trait]
impl Lifecycle for PanicsOnce {
    async fn close(&self) -> anyhow::Result<()> {
        self.inner.close().await
    }
    async fn probe_write(&self, now: i64) -> anyhow::Result<()> {
        self.inner.probe_write(now).await
    }
}

#[async_trait]
impl SurveyStore for PanicsOnce {
    async fn save_survey(
        &self,
        id: Uuid,
        d: &SurveyDocument,
        n: &NewSurvey,
        now: i64,
    ) -> anyhow::Result<SaveSurveyOutcome> {
        self.inner.save_survey(id, d, n, now).await
    }
    async fn survey_by_slug(&self, slug: &str) -> anyhow::Result<Option<StoredSurvey>> {
        self.inner.survey_by_slug(slug).await
    }
    async fn surveys(&self, id: Uuid) -> anyhow::Result<Vec<SurveySummary>> {
        self.inner.surveys(id).await
    }
    async fn survey(&self, account: Uuid, id: Uuid) -> anyhow::Result<Option<StoredSurvey>> {
        self.inner.survey(account, id).await
    }
    async fn delete_survey(
        &self,
        account: Uuid,
        id: Uuid,
    ) -> anyhow::Result<Option<SurveyFootprint>> {
        self.inner.delete_survey(account, id).await
    }
    async fn survey_footprint(
        &self,
        account: Uuid,
        id: Uuid,
    ) -> anyhow::Result<Option<SurveyFootprint>> {
        self.inner.survey_footprint(account, id).await
    }
}

#[async_trait]
impl ResponseStore for PanicsOnce {
    async fn insert_response(
        &self,
        r: &NewResponse,
        d: Option<&NewDelivery>,
    ) -> anyhow::Result<InsertOutcome> {
        self.inner.insert_response(r, d).await
    }
    async fn has_browser_response(&self, survey: Uuid, browser: &str) -> anyhow::Result<bool> {
        self.inner.has_browser_response(survey, browser).await
    }
    async fn response_count(&self, survey: Uuid) -> anyhow::Result<u64> {
        self.inner.response_count(survey).await
    }
    async fn responses(&self, survey: Uuid) -> anyhow::Result<Vec<StoredResponse>> {
        self.inner.responses(survey).await
    }
    async fn response_page(
        &self,
        account: Uuid,
        survey: Uuid,
        filter: &ResponseFilter,
    ) -> anyhow::Result<Vec<ResponseRow>> {
        self.inner.response_page(account, survey, filter).await
    }
    async fn response(&self, account: Uuid, id: Uuid) -> anyhow::Result<Option<ResponseRow>> {
        self.inner.response(account, id).await
    }
    async fn response_by_token(
        &self,
        survey: Uuid,
        token: &str,
    ) -> anyhow::Result<Option<ResponseRow>> {
        self.inner.response_by_token(survey, token).await
    }
}

#[async_trait]
impl DeliveryStore for PanicsOnce {
    async fn claim_due(
        &self,
        now: i64,
        lease_until: i64,
        limits: &ClaimLimits,
    ) -> anyhow::Result<Claimed> {
        self.inner.claim_due(now, lease_until, limits).await
    }
    async fn finish_deliveries(
        &self,
        results: &[(ClaimedDelivery, DeliveryOutcome)],
        now: i64,
    ) -> anyhow::Result<()> {
        self.inner.finish_deliveries(results, now).await
    }
    async fn queue_stats(&self) -> anyhow::Result<QueueStats> {
        self.inner.queue_stats().await
    }
    async fn next_due_at(&self) -> anyhow::Result<Option<i64>> {
        self.inner.next_due_at().await
    }
    async fn deliveries(&self, filter: &DeliveryFilter) -> anyhow::Result<Vec<DeliveryRecord>> {
        self.inner.deliveries(filter).await
    }
    async fn delivery(
        &self,
        account: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<DeliveryRecord>> {
        self.inner.delivery(account, id).await
    }
    async fn attempts(&self, delivery: Uuid) -> anyhow::Result<Vec<AttemptRecord>> {
        self.inner.attempts(delivery).await
    }
    async fn delivery_health(
        &self,
        account: Uuid,
        since: i64,
    ) -> anyhow::Result<Vec<(Uuid, DeliveryHealth)>> {
        self.inner.delivery_health(account, since).await
    }
    async fn retry_delivery(
        &self,
        account: Option<Uuid>,
        id: Uuid,
        now: i64,
    ) -> anyhow::Result<bool> {
        self.inner.retry_delivery(account, id, now).await
    }
    async fn retry_failed(&self, account: Option<Uuid>, now: i64) -> anyhow::Result<u64> {
        self.inner.retry_failed(account, now).await
    }
    async fn deliveries_for_email(
        &self,
        account_id: Uuid,
        email: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<DeliveryRecord>> {
        self.inner
            .deliveries_for_email(account_id, email, limit)
            .await
    }
}

#[async_trait]
impl AdminStore for PanicsOnce {
    async fn create_admin(&self, admin: &AdminUser) -> anyhow::Result<()> {
        self.inner.create_admin(admin).await
    }
    async fn admin_by_email(&self, email: &str) -> anyhow::Result<Option<AdminUser>> {
        self.inner.admin_by_email(email).await
    }
    async fn admin(&self, id: Uuid) -> anyhow::Result<Option<AdminUser>> {
        self.inner.admin(id).await
    }
    async fn end_admin_sessions(&self, id: Uuid) -> anyhow::Result<()> {
        self.inner.end_admin_sessions(id).await
    }
    async fn set_admin_password(&self, id: Uuid, hash: &str) -> anyhow::Result<()> {
        self.inner.set_admin_password(id, hash).await
    }
    async fn set_admin_language(&self, id: Uuid, language: Option<Language>) -> anyhow::Result<()> {
        self.inner.set_admin_language(id, language).await
    }
    async fn sign_in_failed(
        &self,
        email: &str,
        address: Option<&str>,
        at: i64,
        forget_before: i64,
    ) -> anyhow::Result<()> {
        self.inner
            .sign_in_failed(email, address, at, forget_before)
            .await
    }
    async fn sign_in_failures(
        &self,
        email: &str,
        address: Option<&str>,
        since: i64,
    ) -> anyhow::Result<SignInFailures> {
        self.inner.sign_in_failures(email, address, since).await
    }
}

#[async_trait]
impl TokenStore for PanicsOnce {
    async fn create_token(&self, token: &ApiToken) -> anyhow::Result<()> {
        self.inner.create_token(token).await
    }
    async fn use_token(&self, sha: &str, now: i64) -> anyhow::Result<Option<ApiToken>> {
        self.inner.use_token(sha, now).await
    }
    async fn tokens(&self, account: Uuid) -> anyhow::Result<Vec<ApiToken>> {
        self.inner.tokens(account).await
    }
    async fn revoke_token(
        &self,
        account: Option<Uuid>,
        id: Uuid,
        now: i64,
    ) -> anyhow::Result<bool> {
        self.inner.revoke_token(account, id, now).await
    }
}

#[async_trait]
impl SecretStore for PanicsOnce {
    async fn encrypted_secrets(&self) -> anyhow::Result<Vec<EncryptedSecret>> {
        self.inner.encrypted_secrets().await
    }
    async fn replace_encrypted_secrets(&self, secrets: &[EncryptedSecret]) -> anyhow::Result<()> {
        self.inner.replace_encrypted_secrets(secrets).await
    }
}

#[async_trait]
impl ContactCenterStore for PanicsOnce {
    async fn create_contact_center(&self, integration: &ContactCenter) -> anyhow::Result<()> {
        self.inner.create_contact_center(integration).await
    }
    async fn contact_centers(&self, account_id: Uuid) -> anyhow::Result<Vec<ContactCenter>> {
        self.inner.contact_centers(account_id).await
    }
    async fn polled_contact_centers(&self) -> anyhow::Result<Vec<ContactCenter>> {
        self.inner.polled_contact_centers().await
    }
    async fn contact_center(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<ContactCenter>> {
        self.inner.contact_center(account_id, id).await
    }
    async fn contact_center_by_name(
        &self,
        account_id: Uuid,
        name: &str,
    ) -> anyhow::Result<Option<ContactCenter>> {
        self.inner.contact_center_by_name(account_id, name).await
    }
    async fn update_contact_center(&self, integration: &ContactCenter) -> anyhow::Result<bool> {
        self.inner.update_contact_center(integration).await
    }
    async fn delete_contact_center(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<bool> {
        self.inner.delete_contact_center(account_id, id).await
    }
    async fn insert_interaction(
        &self,
        interaction: &NewInteraction,
    ) -> anyhow::Result<InteractionOutcome> {
        self.inner.insert_interaction(interaction).await
    }
    async fn insert_polled(
        &self,
        contact_center_id: Uuid,
        interactions: &[NewInteraction],
        poll_state: &str,
    ) -> anyhow::Result<Vec<InteractionOutcome>> {
        self.inner
            .insert_polled(contact_center_id, interactions, poll_state)
            .await
    }
}

#[async_trait]
impl ChatStore for PanicsOnce {
    async fn note_chat(
        &self,
        contact_center_id: Uuid,
        conversation: &str,
        change: ChatChange,
        at: i64,
        forget_before: i64,
    ) -> anyhow::Result<()> {
        self.inner
            .note_chat(contact_center_id, conversation, change, at, forget_before)
            .await
    }
    async fn finish_chat(
        &self,
        contact_center_id: Uuid,
        conversation: &str,
        forget_before: i64,
    ) -> anyhow::Result<Option<StoredChat>> {
        self.inner
            .finish_chat(contact_center_id, conversation, forget_before)
            .await
    }
}

#[async_trait]
impl PrivacyStore for PanicsOnce {
    async fn deliveries_for_contact_id(
        &self,
        account_id: Uuid,
        contact_id: &str,
    ) -> anyhow::Result<Vec<DeliveryRecord>> {
        self.inner
            .deliveries_for_contact_id(account_id, contact_id)
            .await
    }
    async fn chats_for_email(&self, account_id: Uuid, email: &str) -> anyhow::Result<Vec<String>> {
        self.inner.chats_for_email(account_id, email).await
    }
    async fn erase(&self, erasure: &Erasure, now: i64) -> anyhow::Result<Erased> {
        self.inner.erase(erasure, now).await
    }
    async fn retention(&self, account_id: Uuid) -> anyhow::Result<Retention> {
        self.inner.retention(account_id).await
    }
    async fn set_retention(&self, account_id: Uuid, retention: Retention) -> anyhow::Result<()> {
        self.inner.set_retention(account_id, retention).await
    }
    async fn retentions(&self) -> anyhow::Result<Vec<(Uuid, Retention)>> {
        self.inner.retentions().await
    }
    async fn remove_delivered_values(
        &self,
        account_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<u64> {
        self.inner
            .remove_delivered_values(account_id, before, limit, now)
            .await
    }
    async fn delete_older(
        &self,
        account_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<Erased> {
        self.inner
            .delete_older(account_id, before, limit, now)
            .await
    }
    async fn survey_retentions(&self) -> anyhow::Result<Vec<(Uuid, Uuid, u32)>> {
        self.inner.survey_retentions().await
    }
    async fn delete_older_in_survey(
        &self,
        survey_id: Uuid,
        before: i64,
        limit: usize,
        now: i64,
    ) -> anyhow::Result<Erased> {
        self.inner
            .delete_older_in_survey(survey_id, before, limit, now)
            .await
    }
    async fn record_audit(&self, entry: &AuditEntry) -> anyhow::Result<()> {
        self.inner.record_audit(entry).await
    }
    async fn audit_log(
        &self,
        account_id: Uuid,
        before: Option<(i64, Uuid)>,
        limit: i64,
    ) -> anyhow::Result<Vec<AuditEntry>> {
        self.inner.audit_log(account_id, before, limit).await
    }
}

#[tokio::test]
async fn a_panic_in_one_accounts_deliveries_does_not_stop_the_others_or_the_worker() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c"), 2).await;
    app.add_account("Inna", &app.salesmanago.uri(), "druga")
        .await;
    app.submit_by_email(&slug, "a@example.pl").await;
    app.submit("druga", &[("email", "b@example.pl"), ("ocena", "6")])
        .await;
    let mut state = app.state.clone();
    state.store = Arc::new(PanicsOnce {
        inner: app.state.store.clone(),
        panicked: AtomicBool::new(false),
    });
    let worker = DeliveryWorker::new(
        WorkerParts {
            store: state.store.clone(),
            client: SalesmanagoClient::new(
                Duration::from_secs(2),
                ankieter::domain::EndpointPolicy::Any,
            ),
            key: state.key.clone(),
            wake: state.wake.clone(),
            metrics: state.metrics.clone(),
            heartbeat: state.worker_heartbeat.clone(),
        },
        &app.settings.worker,
        &app.settings.salesmanago,
    );
    let now = ankieter::clock::now_ms();

    let attempted = worker
        .deliver_due(now)
        .await
        .expect("the step survives the panic");

    assert_eq!(attempted, 2);
    let delivered = |all: &[DeliveryRecord]| {
        all.iter()
            .filter(|d| d.status == DeliveryStatus::Delivered)
            .count()
    };
    assert_eq!(
        delivered(&app.deliveries().await),
        1,
        "the other account's delivery went on"
    );
    let lease = app.settings.worker.lease_secs as i64 * 1000;
    worker.deliver_due(now + lease + 1).await.unwrap();
    assert_eq!(
        delivered(&app.deliveries().await),
        2,
        "the panicked one is retried after its lease"
    );
}

#[async_trait]
impl EmpikStore for PanicsOnce {
    async fn save_empik(&self, integration: &EmpikIntegration) -> anyhow::Result<()> {
        self.inner.save_empik(integration).await
    }
    async fn empik_integrations(&self, account_id: Uuid) -> anyhow::Result<Vec<EmpikIntegration>> {
        self.inner.empik_integrations(account_id).await
    }
    async fn empik_integration(
        &self,
        account_id: Option<Uuid>,
        id: Uuid,
    ) -> anyhow::Result<Option<EmpikIntegration>> {
        self.inner.empik_integration(account_id, id).await
    }
    async fn polled_empik(&self) -> anyhow::Result<Vec<EmpikIntegration>> {
        self.inner.polled_empik().await
    }
    async fn pause_empik(&self, id: Uuid, reason: Option<&str>, now: i64) -> anyhow::Result<()> {
        self.inner.pause_empik(id, reason, now).await
    }
    async fn delete_empik(&self, account_id: Uuid, id: Uuid) -> anyhow::Result<bool> {
        self.inner.delete_empik(account_id, id).await
    }
    async fn insert_empik_polled(
        &self,
        account_id: Uuid,
        integration_id: Uuid,
        steps: &[NewEmpikStep],
        poll_state: &str,
    ) -> anyhow::Result<Vec<InteractionOutcome>> {
        self.inner
            .insert_empik_polled(account_id, integration_id, steps, poll_state)
            .await
    }
    async fn empik_thread(
        &self,
        integration_id: Uuid,
        thread_id: &str,
    ) -> anyhow::Result<Option<EmpikThread>> {
        self.inner.empik_thread(integration_id, thread_id).await
    }
    async fn empik_threads_by_ticket(
        &self,
        integration_id: Uuid,
        ticket_ids: &[String],
    ) -> anyhow::Result<Vec<EmpikThread>> {
        self.inner
            .empik_threads_by_ticket(integration_id, ticket_ids)
            .await
    }
    async fn save_empik_thread(
        &self,
        integration_id: Uuid,
        thread: &EmpikThread,
        at: i64,
    ) -> anyhow::Result<EmpikThread> {
        self.inner
            .save_empik_thread(integration_id, thread, at)
            .await
    }
    async fn empik_earlier_pending(
        &self,
        integration_id: Uuid,
        thread_id: &str,
        delivery_id: Uuid,
        created_at: i64,
    ) -> anyhow::Result<bool> {
        self.inner
            .empik_earlier_pending(integration_id, thread_id, delivery_id, created_at)
            .await
    }
    async fn note_empik_sent(
        &self,
        integration_id: Uuid,
        thread_id: &str,
        body_sha256: &str,
        at: i64,
    ) -> anyhow::Result<()> {
        self.inner
            .note_empik_sent(integration_id, thread_id, body_sha256, at)
            .await
    }
    async fn empik_sent(
        &self,
        integration_id: Uuid,
        thread_id: &str,
    ) -> anyhow::Result<Vec<String>> {
        self.inner.empik_sent(integration_id, thread_id).await
    }
}
