//! What a failed SALESmanago call means for its delivery, whatever it was
//! sending: retry with backoff (until a day has passed), pause the account,
//! or fail.

use super::backoff::{backoff, clamp_retry_after, GIVE_UP_AFTER};
use crate::db::{ClaimedDelivery, DeliveryOutcome};
use crate::salesmanago::SalesmanagoError;

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
        } => retry(reason, retry_after, kind, delivery, now),
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
            written_contact: None,
        },
        SalesmanagoError::Rejected(message) => DeliveryOutcome::Failed {
            request_kind: kind,
            error: format!("SALESmanago: {message}"),
            written_contact: None,
        },
    }
}

/// A temporary failure: tried again after the backoff (or Retry-After),
/// until a day has passed since the delivery was queued.
pub(super) fn retry(
    reason: String,
    retry_after: Option<std::time::Duration>,
    kind: Option<String>,
    delivery: &ClaimedDelivery,
    now: i64,
) -> DeliveryOutcome {
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
            written_contact: None,
        }
    } else {
        DeliveryOutcome::Retry {
            request_kind: kind,
            next_attempt_at: next,
            error: reason,
            written_contact: None,
        }
    }
}
