//! One attempt of an interaction's event: find (or add) the contact by
//! e-mail, then add the event to it.

use super::failure::failure;
use crate::db::{ClaimedDelivery, DeliveryOutcome};
use crate::domain::{ContactChanges, EventPlan, MissingContact};
use crate::salesmanago::{Credentials, SalesmanagoClient, SalesmanagoError};

pub const NO_SUCH_CONTACT: &str = "ignored — no such contact: SALESmanago has no contact with \
     this e-mail, and the integration does not add missing contacts";

pub async fn send(
    client: &SalesmanagoClient,
    credentials: &Credentials,
    plan: &EventPlan,
    delivery: &ClaimedDelivery,
    now: i64,
) -> DeliveryOutcome {
    let prepared = match &plan.missing_contact {
        MissingContact::Ignore => match client.contact_exists(credentials, &plan.email).await {
            Ok(true) => Ok("contact/basic + addContactExtEvent"),
            Ok(false) => return ignored("contact/basic"),
            Err(error) => Err((error, "contact/basic")),
        },
        MissingContact::Add { tags } => {
            // No consent flags: an interaction is not a consent.
            let changes = ContactChanges {
                tags: tags.clone(),
                ..ContactChanges::default()
            };
            match client.upsert(credentials, &plan.email, &changes).await {
                Ok(_) => Ok("upsert + addContactExtEvent"),
                Err(error) => Err((error, "upsert")),
            }
        }
    };
    let request_kind = match prepared {
        Ok(kind) => kind,
        Err((error, kind)) => return failure(error, kind, delivery, now),
    };
    match client.add_ext_event(credentials, plan).await {
        Ok(()) => DeliveryOutcome::Delivered {
            request_kind: request_kind.to_owned(),
            contact_id: None,
        },
        Err(SalesmanagoError::ContactNotFound(_))
            if plan.missing_contact == MissingContact::Ignore =>
        {
            ignored(request_kind)
        }
        Err(error) => failure(error, request_kind, delivery, now),
    }
}

fn ignored(request_kind: &str) -> DeliveryOutcome {
    DeliveryOutcome::Ignored {
        request_kind: request_kind.to_owned(),
        reason: NO_SUCH_CONTACT.to_owned(),
    }
}
