//! A response's second step, where its survey asks for it: the `SURVEY`
//! external event on the contact whose properties were just written. A
//! failed event keeps the contact it was for (`written_contact`), so the
//! next attempt, or a retry by hand, sends only the event and never writes
//! the accepted properties again.

use super::failure::failure;
use crate::db::{ClaimedDelivery, DeliveryOutcome};
use crate::domain::{DeliveryPlan, SurveyEvent, Target};
use crate::salesmanago::{Credentials, EventContact, SalesmanagoClient};

/// What the properties step did.
pub struct Written {
    /// The call that wrote them; `None` when an earlier attempt did.
    pub request_kind: Option<&'static str>,
    /// The contact SALESmanago wrote them to, when it said.
    pub contact_id: Option<String>,
}

pub async fn send(
    client: &SalesmanagoClient,
    credentials: &Credentials,
    plan: &DeliveryPlan,
    event: &SurveyEvent,
    written: Written,
    delivery: &ClaimedDelivery,
    now: i64,
) -> DeliveryOutcome {
    let email = match &plan.target {
        Target::Email { email } => Some(email),
        Target::ContactId { fallback_email, .. } => fallback_email.as_ref(),
        Target::Nobody { .. } => None,
    };
    // By the id SALESmanago gave (the contact just written); by e-mail only
    // if it gave none. Without either, the next attempt writes again.
    let contact = match (&written.contact_id, email) {
        (Some(id), _) => EventContact::Id(id),
        (None, Some(email)) => EventContact::Email(email),
        (None, None) => {
            return DeliveryOutcome::Failed {
                request_kind: written.request_kind.map(str::to_owned),
                error: "the properties were written, but SALESmanago gave no contact id and the \
                        response has no e-mail: the SURVEY event has no contact to go to"
                    .into(),
                written_contact: None,
            }
        }
    };
    let kind = match written.request_kind {
        Some(properties) => format!("{properties} + addContactExtEvent"),
        None => "addContactExtEvent (properties written by an earlier attempt)".to_owned(),
    };
    match client.add_survey_event(credentials, contact, event).await {
        Ok(()) => DeliveryOutcome::Delivered {
            request_kind: kind,
            contact_id: written.contact_id,
        },
        Err(error) => {
            let step = match &written.contact_id {
                Some(id) => format!("properties written (contact {id}); the SURVEY event failed: "),
                None => "properties written; the SURVEY event failed: ".to_owned(),
            };
            keep_written(
                failure(error, &kind, delivery, now),
                &step,
                written.contact_id,
            )
        }
    }
}

/// The event's failure, saying the properties step succeeded and keeping
/// its contact for the next attempt.
fn keep_written(outcome: DeliveryOutcome, step: &str, contact: Option<String>) -> DeliveryOutcome {
    match outcome {
        DeliveryOutcome::Retry {
            request_kind,
            next_attempt_at,
            error,
            ..
        } => DeliveryOutcome::Retry {
            request_kind,
            next_attempt_at,
            error: format!("{step}{error}"),
            written_contact: contact,
        },
        DeliveryOutcome::Failed {
            request_kind,
            error,
            ..
        } => DeliveryOutcome::Failed {
            request_kind,
            error: format!("{step}{error}"),
            written_contact: contact,
        },
        // The account is paused (its credentials or endpoint failed): every
        // delivery of it waits, this one with it.
        other => other,
    }
}
