//! A data subject's requests: everything stored about a person in one
//! account (export), and its erasure. The same actions serve the CLI, the
//! admin and the API.

use super::audit::{self, Actor};
use super::ManageError;
use crate::clock::rfc3339;
use crate::db::{DeliveryRecord, Erased, Erasure, ResponseFilter, ResponseRow, Store};
use crate::domain::person::Person;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// Responses read per page while looking for a person's.
const SCAN_PAGE: i64 = 1000;

/// What the account holds about a person.
#[derive(Debug, Default)]
pub struct PersonData {
    /// With the slug of their survey.
    pub responses: Vec<(String, ResponseRow)>,
    /// Deliveries of no found response (interactions' events).
    pub deliveries: Vec<DeliveryRecord>,
    /// Thulium chats waiting for their close.
    pub chats: Vec<String>,
}

/// Finds everything about `person` in the account: responses that name
/// them (every survey's, read page by page), the deliveries whose contact
/// they are and the responses those came from, and waiting chats.
pub async fn find_person(
    store: &dyn Store,
    account_id: Uuid,
    person: &Person,
) -> Result<PersonData, ManageError> {
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    let mut data = PersonData::default();
    let mut found = BTreeSet::new();
    let surveys = store.surveys(account_id).await?;
    for survey in &surveys {
        let mut filter = ResponseFilter {
            limit: SCAN_PAGE,
            ..ResponseFilter::default()
        };
        loop {
            let page = store.response_page(account_id, survey.id, &filter).await?;
            let Some(last) = page.last() else { break };
            filter.before = Some((last.response.created_at, last.response.id));
            let full = page.len() as i64 == SCAN_PAGE;
            for row in page {
                let r = &row.response;
                if person.named_in(&r.answers, &r.hidden, r.smclientid.as_deref()) {
                    found.insert(r.id);
                    data.responses.push((survey.slug.clone(), row));
                }
            }
            if !full {
                break;
            }
        }
    }
    let deliveries = match person {
        Person::Email(email) => {
            store
                .deliveries_for_email(account_id, email.as_str(), i64::MAX)
                .await?
        }
        Person::ContactId(id) => {
            store
                .deliveries_for_contact_id(account_id, &id.as_string())
                .await?
        }
    };
    for delivery in deliveries {
        match delivery.response_id() {
            // A response the delivery names (by a contact id SALESmanago
            // gave back, say) is the person's even if no answer says so.
            Some(response_id) if !found.contains(&response_id) => {
                if let Some(row) = store.response(account_id, response_id).await? {
                    let slug = surveys
                        .iter()
                        .find(|s| s.id == row.response.survey_id)
                        .map(|s| s.slug.clone())
                        .unwrap_or_default();
                    found.insert(response_id);
                    data.responses.push((slug, row));
                }
            }
            Some(_) => {}
            None => data.deliveries.push(delivery),
        }
    }
    if let Some(email) = person.email_key() {
        data.chats = store.chats_for_email(account_id, &email).await?;
    }
    Ok(data)
}

/// One JSON document with everything stored about the person in the
/// account: responses (answers, hidden values, link, delivery and its
/// attempts with what was sent), interactions' events, waiting chats.
pub async fn export_person(
    store: &dyn Store,
    account_id: Uuid,
    person: &Person,
    actor: &Actor,
    now: i64,
) -> Result<Value, ManageError> {
    let data = find_person(store, account_id, person).await?;
    let mut responses = Vec::new();
    for (slug, row) in &data.responses {
        let r = &row.response;
        let delivery = match row.delivery_id {
            Some(id) => match store.delivery(Some(account_id), id).await? {
                Some(delivery) => delivery_json(store, &delivery).await?,
                None => Value::Null,
            },
            None => Value::Null,
        };
        responses.push(json!({
            "id": r.id,
            "survey": slug,
            "submitted_at": rfc3339(r.created_at),
            "answers": r.answers,
            "hidden": r.hidden.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
            "smclientid": r.smclientid,
            "delivery": delivery,
        }));
    }
    let mut events = Vec::new();
    for delivery in &data.deliveries {
        events.push(delivery_json(store, delivery).await?);
    }
    audit::record(
        store,
        account_id,
        actor,
        "person.export",
        format!(
            "{}: {} responses, {} events, {} chats",
            key_name(person),
            responses.len(),
            events.len(),
            data.chats.len()
        ),
        now,
    )
    .await?;
    Ok(json!({
        "exported_at": rfc3339(now),
        "account_id": account_id,
        "person": person_json(person),
        "responses": responses,
        "contact_center_events": events,
        "waiting_chats": data.chats,
    }))
}

/// Erases everything stored about the person in the account: their
/// deliveries first (those not yet sent are cancelled), then their
/// responses with their webhook posts, then waiting chats. Writes an audit
/// entry with the counts (never the e-mail or id).
pub async fn erase_person(
    store: &dyn Store,
    account_id: Uuid,
    person: &Person,
    actor: &Actor,
    now: i64,
) -> Result<Erased, ManageError> {
    let data = find_person(store, account_id, person).await?;
    let erasure = Erasure {
        account_id,
        response_ids: data
            .responses
            .iter()
            .map(|(_, row)| row.response.id)
            .collect(),
        delivery_ids: data.deliveries.iter().map(|d| d.id).collect(),
        chat_email: person.email_key(),
    };
    let erased = store.erase(&erasure, now).await?;
    audit::record(
        store,
        account_id,
        actor,
        "person.erase",
        format!(
            "{}: {} responses, {} deliveries ({} not yet sent, {} being sent), {} chats",
            key_name(person),
            erased.responses,
            erased.deliveries,
            erased.cancelled,
            erased.in_flight,
            erased.chats
        ),
        now,
    )
    .await?;
    tracing::info!(
        account.id = %account_id,
        responses = erased.responses,
        deliveries = erased.deliveries,
        "a person's data was erased"
    );
    Ok(erased)
}

fn key_name(person: &Person) -> &'static str {
    match person {
        Person::Email(_) => "by e-mail",
        Person::ContactId(_) => "by contact id",
    }
}

fn person_json(person: &Person) -> Value {
    match person {
        Person::Email(email) => json!({ "email": email.as_str() }),
        Person::ContactId(id) => json!({ "contact_id": id.as_string() }),
    }
}

/// A delivery with what it sends and every attempt, as an export shows it.
async fn delivery_json(store: &dyn Store, d: &DeliveryRecord) -> Result<Value, ManageError> {
    let attempts = store.attempts(d.id).await?;
    let sent = match &d.work {
        crate::domain::Work::Response(plan) => serde_json::to_value(plan),
        crate::domain::Work::Event(plan) => serde_json::to_value(plan),
        crate::domain::Work::Webhook(plan) => serde_json::to_value(plan),
        crate::domain::Work::Empik(plan) => serde_json::to_value(plan),
    }
    .map_err(anyhow::Error::from)?;
    Ok(json!({
        "id": d.id,
        "kind": d.work.kind(),
        "status": d.status.as_str(),
        "created_at": rfc3339(d.created_at),
        "delivered_at": d.delivered_at.map(rfc3339),
        "salesmanago_contact_id": d.contact_id,
        "last_error": d.last_error,
        "sent": sent,
        "attempts": attempts.iter().map(|a| json!({
            "at": rfc3339(a.at),
            "outcome": a.outcome,
            "message": a.message,
        })).collect::<Vec<_>>(),
    }))
}
