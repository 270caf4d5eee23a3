//! One delivery attempt: the SALESmanago call and what its result means for
//! the delivery. Pure decisions here; the worker does the bookkeeping.

use super::failure::failure;
use super::survey_event::{self, Written};
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
        // The worker posts webhooks itself (`webhook::post`); one here
        // would be a routing mistake, kept visible in the ledger.
        Work::Webhook(_) | Work::Empik(_) => DeliveryOutcome::Failed {
            request_kind: None,
            error: "a webhook or EmpikPlace delivery was routed to SALESmanago".into(),
            written_contact: None,
        },
    }
}

async fn respond(
    client: &SalesmanagoClient,
    credentials: &Credentials,
    plan: &DeliveryPlan,
    delivery: &ClaimedDelivery,
    now: i64,
) -> DeliveryOutcome {
    if let (Some(event), Some(contact)) = (&plan.survey_event, &delivery.written_contact) {
        // An earlier attempt wrote the properties: only the event is left.
        let written = Written {
            request_kind: None,
            contact_id: Some(contact.clone()),
        };
        return survey_event::send(client, credentials, plan, event, written, delivery, now).await;
    }
    let written = match write_properties(client, credentials, plan, delivery, now).await {
        Ok(written) => written,
        Err(outcome) => return outcome,
    };
    match &plan.survey_event {
        Some(event) => {
            survey_event::send(client, credentials, plan, event, written, delivery, now).await
        }
        None => DeliveryOutcome::Delivered {
            request_kind: written.request_kind.unwrap_or_default().to_owned(),
            contact_id: written.contact_id,
        },
    }
}

/// The response's properties and tags, written to its contact.
async fn write_properties(
    client: &SalesmanagoClient,
    credentials: &Credentials,
    plan: &DeliveryPlan,
    delivery: &ClaimedDelivery,
    now: i64,
) -> Result<Written, DeliveryOutcome> {
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
                (result, _) => result.map(|accepted| {
                    let contact_id = accepted.contact_id.or_else(|| Some(contact_id.to_string()));
                    (Accepted { contact_id }, "update")
                }),
            }
        }
        Target::Nobody { reason } => {
            return Err(DeliveryOutcome::Failed {
                request_kind: None,
                error: reason.clone(),
                written_contact: None,
            });
        }
    };
    let kind = match &plan.target {
        Target::Email { .. } => "upsert",
        _ => "update",
    };
    match result {
        Ok((accepted, request_kind)) => Ok(Written {
            request_kind: Some(request_kind),
            contact_id: accepted.contact_id,
        }),
        Err(SalesmanagoError::ContactNotFound(message)) => Err(DeliveryOutcome::Failed {
            request_kind: Some(kind.to_owned()),
            error: format!(
                "SALESmanago does not know the link's contact id, and the response has no e-mail \
                 answer to find the contact by instead. SALESmanago: {message}"
            ),
            written_contact: None,
        }),
        Err(error) => Err(failure(error, kind, delivery, now)),
    }
}
