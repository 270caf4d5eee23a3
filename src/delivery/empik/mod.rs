//! One attempt of an EmpikPlace integration's step: a thread's message into
//! its Thulium ticket (`message.rs`), or an agent's reply or the automatic
//! reply into the EmpikPlace thread (`reply.rs`). Neither is SALESmanago: a
//! refused key pauses the integration (its poller stops, its steps wait
//! until an admin resumes it), never the account.

mod message;
mod reply;

pub use reply::sent_hash;

use super::backoff::MAX_BACKOFF;
use super::failure::retry;
use crate::crypto::ServerKey;
use crate::db::{ClaimedDelivery, DeliveryOutcome, EmpikIntegration, Store};
use crate::domain::empik::EmpikPlan;
use crate::empik::{EmpikAccess, EmpikClient, EmpikError};
use crate::thulium::{ThuliumAccess, ThuliumClient, ThuliumError};
use std::sync::Arc;
use std::time::Duration;

/// The shop's key and the Thulium API user, decrypted for the calls.
pub fn empik_access(
    integration: &EmpikIntegration,
    key: &ServerKey,
) -> Result<(EmpikAccess, ThuliumAccess), String> {
    let api_key = key
        .decrypt(
            &integration.api_key_encrypted,
            &crate::crypto::empik_api_key_context(integration.id),
        )
        .map_err(|_| "the EmpikPlace API key cannot be decrypted: set it again".to_owned())?;
    let password = key
        .decrypt(
            &integration.thulium.password_encrypted,
            &crate::crypto::empik_thulium_password_context(integration.id),
        )
        .map_err(|_| "the Thulium password cannot be decrypted: set it again".to_owned())?;
    Ok((
        EmpikAccess {
            url: integration.api_url.clone(),
            shop_id: integration.shop_id.clone(),
            key: api_key,
        },
        ThuliumAccess {
            url: integration.thulium.url.clone(),
            user: integration.thulium.user.clone(),
            password,
        },
    ))
}

/// Sends EmpikPlace steps, with the clients' timeout and address policy.
#[derive(Clone)]
pub struct EmpikSender {
    store: Arc<dyn Store>,
    key: Arc<ServerKey>,
    empik: EmpikClient,
    thulium: ThuliumClient,
    /// Attachments are fetched within one call's time.
    call_timeout: Duration,
}

/// Where a step is sent, decrypted.
struct Target {
    integration: EmpikIntegration,
    empik: EmpikAccess,
    thulium: ThuliumAccess,
}

impl EmpikSender {
    pub fn new(
        store: Arc<dyn Store>,
        key: Arc<ServerKey>,
        empik: EmpikClient,
        thulium: ThuliumClient,
        call_timeout: Duration,
    ) -> Self {
        Self {
            store,
            key,
            empik,
            thulium,
            call_timeout,
        }
    }

    pub async fn send(
        &self,
        delivery: &ClaimedDelivery,
        plan: &EmpikPlan,
        now: i64,
    ) -> DeliveryOutcome {
        let integration = match self
            .store
            .empik_integration(Some(delivery.account_id), plan.integration_id())
            .await
        {
            Ok(Some(integration)) => integration,
            Ok(None) => return failed(None, "the EmpikPlace integration no longer exists".into()),
            Err(error) => {
                return retry(
                    format!("cannot read the integration: {error:#}"),
                    None,
                    None,
                    delivery,
                    now,
                )
            }
        };
        if let Some(reason) = &integration.paused_reason {
            return waiting(now, format!("the integration is paused: {reason}"));
        }
        let (empik, thulium) = match empik_access(&integration, &self.key) {
            Ok(access) => access,
            Err(error) => return failed(None, error),
        };
        let target = Target {
            integration,
            empik,
            thulium,
        };
        match plan {
            EmpikPlan::Message(message) => self.message(&target, delivery, message, now).await,
            EmpikPlan::Reply(reply) => self.reply(&target, delivery, reply, now).await,
            EmpikPlan::AutoReply(auto) => self.auto_reply(&target, delivery, auto, now).await,
        }
    }

    /// A refused key pauses the integration: every other step would meet it.
    async fn pause(&self, target: &Target, reason: String, now: i64) -> DeliveryOutcome {
        tracing::warn!(empik.id = %target.integration.id, reason, "EmpikPlace integration paused");
        if let Err(error) = self
            .store
            .pause_empik(target.integration.id, Some(&reason), now)
            .await
        {
            tracing::error!(
                error = format!("{error:#}"),
                "cannot pause the EmpikPlace integration"
            );
        }
        waiting(now, reason)
    }

    async fn thulium_failed(
        &self,
        target: &Target,
        error: ThuliumError,
        kind: &str,
        delivery: &ClaimedDelivery,
        now: i64,
    ) -> DeliveryOutcome {
        let kind = Some(kind.to_owned());
        match error {
            ThuliumError::Authentication(_) => self.pause(target, error.to_string(), now).await,
            ThuliumError::Unavailable(reason) => {
                retry(format!("Thulium: {reason}"), None, kind, delivery, now)
            }
            ThuliumError::NotAllowed(_) | ThuliumError::Rejected(_) | ThuliumError::Garbled(_) => {
                failed(kind, error.to_string())
            }
        }
    }

    async fn empik_failed(
        &self,
        target: &Target,
        error: EmpikError,
        kind: &str,
        delivery: &ClaimedDelivery,
        now: i64,
    ) -> DeliveryOutcome {
        let kind = Some(kind.to_owned());
        match error {
            EmpikError::Authentication(_) => self.pause(target, error.to_string(), now).await,
            EmpikError::Unavailable {
                reason,
                retry_after,
            } => retry(
                format!("EmpikPlace: {reason}"),
                retry_after,
                kind,
                delivery,
                now,
            ),
            EmpikError::NotAllowed(_) | EmpikError::Rejected(_) | EmpikError::Garbled(_) => {
                failed(kind, error.to_string())
            }
        }
    }
}

fn failed(request_kind: Option<String>, error: String) -> DeliveryOutcome {
    DeliveryOutcome::Failed {
        request_kind,
        error,
        written_contact: None,
    }
}

/// Not sent now: due again after the longest backoff, or as soon as an
/// admin resumes the integration.
fn waiting(now: i64, reason: String) -> DeliveryOutcome {
    DeliveryOutcome::Retry {
        request_kind: None,
        next_attempt_at: now + MAX_BACKOFF.as_millis() as i64,
        error: reason,
        written_contact: None,
    }
}
