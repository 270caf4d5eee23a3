//! One delivery attempt: the SALESmanago call and what its result means for
//! the delivery. Pure decisions here; the worker does the bookkeeping.

use super::backoff::{backoff, clamp_retry_after, GIVE_UP_AFTER};
use crate::crypto::ServerKey;
use crate::db::{Account, ClaimedDelivery, DeliveryOutcome};
use crate::domain::{DeliveryPlan, Endpoint, Target, Work};
use crate::salesmanago::{Accepted, Credentials, SalesmanagoClient, SalesmanagoError};

pub const NOT_CONFIGURED: &str =
    "SALESmanago access is not configured for this account: set it on the admin's SALESmanago page or with `ankieter salesmanago set`";

/// Decrypts the account's credentials for one call.
pub fn credentials(account: &Account, key: &ServerKey) -> Result<Credentials, String> {
    let stored = account.salesmanago.as_ref().ok_or(NOT_CONFIGURED)?;
    let endpoint = Endpoint::parse(&stored.endpoint)
        .map_err(|e| format!("stored endpoint is invalid: {e}"))?;
    let api_secret = key
        .decrypt(&stored.secret_encrypted, &crate::crypto::account_secret_context(account.id))
        .map_err(|e| format!("the API secret cannot be decrypted ({e}); set it again with `ankieter salesmanago set`"))?;
    Ok(Credentials {
        endpoint,
        client_id: stored.client_id.clone(),
        api_secret,
        owner: stored.owner.clone(),
    })
}

/// Sends the delivery and decides its next state.
pub async fn attempt(
    client: &SalesmanagoClient,
    credentials: &Credentials,
    delivery: &ClaimedDelivery,
    now: i64,
) -> DeliveryOutcome {
    match &delivery.work {
        Work::Response(plan) => respond(client, credentials, plan, delivery, now).await,
        Work::Event(plan) => super::event::send(client, credentials, plan, delivery, now).await,
    }
}

async fn respond(
    client: &SalesmanagoClient,
    credentials: &Credentials,
    plan: &DeliveryPlan,
    delivery: &ClaimedDelivery,
    now: i64,
) -> DeliveryOutcome {
    let changes = &plan.changes;
    let result: Result<(Accepted, &str), SalesmanagoError> = match &plan.target {
        Target::Email { email } => client
            .upsert(credentials, email, changes)
            .await
            .map(|a| (a, "upsert")),
        Target::ContactId {
            contact_id,
            fallback_email,
        } => {
            match (
                client.update(credentials, contact_id, changes).await,
                fallback_email,
            ) {
                (Err(SalesmanagoError::ContactNotFound(_)), Some(email)) => client
                    .upsert(credentials, email, changes)
                    .await
                    .map(|a| (a, "upsert (contact id unknown, by e-mail)")),
                (result, _) => result.map(|a| (a, "update")),
            }
        }
        Target::Nobody { reason } => {
            return DeliveryOutcome::Failed {
                request_kind: None,
                error: reason.clone(),
            };
        }
    };
    let kind = match &plan.target {
        Target::Email { .. } => "upsert",
        _ => "update",
    };
    match result {
        Ok((accepted, request_kind)) => DeliveryOutcome::Delivered {
            request_kind: request_kind.to_owned(),
            contact_id: accepted.contact_id,
        },
        Err(SalesmanagoError::ContactNotFound(message)) => DeliveryOutcome::Failed {
            request_kind: Some(kind.to_owned()),
            error: format!(
                "SALESmanago does not know the link's contact id, and the response has no e-mail \
                 answer to find the contact by instead. SALESmanago: {message}"
            ),
        },
        Err(error) => failure(error, kind, delivery, now),
    }
}

/// What a failed call means for the delivery: retry with backoff (until
/// a day has passed), pause the account, or fail.
pub(super) fn failure(
    error: SalesmanagoError,
    kind: &str,
    delivery: &ClaimedDelivery,
    now: i64,
) -> DeliveryOutcome {
    let kind = Some(kind.to_owned());
    match error {
        SalesmanagoError::Retryable {
            reason,
            retry_after,
        } => {
            let wait = backoff(delivery.attempts.max(1) as u32, retry_after);
            let reason = match retry_after {
                Some(asked) if clamp_retry_after(asked) != asked => format!(
                    "{reason}; Retry-After asked for {} s, waiting {} s",
                    asked.as_secs(),
                    wait.as_secs()
                ),
                _ => reason,
            };
            // From when the call ended, not when it was claimed: a call that
            // took the whole timeout would otherwise come back too early.
            let finished = now.max(crate::clock::now_ms());
            let next = finished + wait.as_millis() as i64;
            if next - delivery.created_at > GIVE_UP_AFTER.as_millis() as i64 {
                DeliveryOutcome::Failed {
                    request_kind: kind,
                    error: format!("gave up after 24 hours of temporary failures; last: {reason}"),
                }
            } else {
                DeliveryOutcome::Retry {
                    request_kind: kind,
                    next_attempt_at: next,
                    error: reason,
                }
            }
        }
        SalesmanagoError::Authentication(message) => DeliveryOutcome::PauseAccount {
            reason: format!("SALESmanago refused the account's credentials: {message}"),
        },
        // Every call of the account would meet the same redirect.
        SalesmanagoError::Misconfigured(message) => DeliveryOutcome::PauseAccount {
            reason: format!("SALESmanago's endpoint is set wrong: {message}"),
        },
        SalesmanagoError::ContactNotFound(message) => DeliveryOutcome::Failed {
            request_kind: kind,
            error: format!("SALESmanago has no such contact: {message}"),
        },
        SalesmanagoError::Rejected(message) => DeliveryOutcome::Failed {
            request_kind: kind,
            error: format!("SALESmanago: {message}"),
        },
    }
}
