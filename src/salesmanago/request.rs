//! Request bodies for SALESmanago API v2, built exactly as product.md describes.

use crate::domain::{
    ContactChanges, Endpoint, EventPlan, RespondentEmail, SurveyEvent, SURVEY_EVENT_TYPE,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Map, Value};
use sha1::{Digest, Sha1};

/// An account's API access, with the secret decrypted only for the call.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub endpoint: Endpoint,
    pub client_id: String,
    pub api_secret: SecretString,
    pub owner: String,
}

/// Lowercase hex SHA-1 of `apiKey + clientId + apiSecret`.
pub fn request_sha(api_key: &str, client_id: &str, api_secret: &SecretString) -> String {
    let mut hasher = Sha1::new();
    hasher.update(api_key.as_bytes());
    hasher.update(client_id.as_bytes());
    hasher.update(api_secret.expose_secret().as_bytes());
    hex::encode(hasher.finalize())
}

/// The fields every body carries. `api_key` is any random string per call.
pub fn auth_fields(
    credentials: &Credentials,
    api_key: &str,
    request_time_ms: i64,
) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("clientId".into(), json!(credentials.client_id));
    map.insert("apiKey".into(), json!(api_key));
    map.insert("requestTime".into(), json!(request_time_ms));
    map.insert(
        "sha".into(),
        json!(request_sha(
            api_key,
            &credentials.client_id,
            &credentials.api_secret
        )),
    );
    map.insert("owner".into(), json!(credentials.owner));
    map
}

fn add_changes(map: &mut Map<String, Value>, changes: &ContactChanges) {
    let properties: Map<String, Value> = changes
        .properties
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    map.insert("properties".into(), Value::Object(properties));
    if !changes.tags.is_empty() {
        map.insert("tags".into(), json!(changes.tags));
    }
    if changes.force_opt_in {
        map.insert("forceOptIn".into(), json!(true));
    }
}

/// `POST /api/contact/upsert`: the contact found (or created) by e-mail.
pub fn upsert_body(mut auth: Map<String, Value>, email: &str, changes: &ContactChanges) -> Value {
    auth.insert("contact".into(), json!({ "email": email }));
    add_changes(&mut auth, changes);
    Value::Object(auth)
}

/// `POST /api/contact/update`: the contact addressed by its id. Never carries
/// `forceOptIn`: a link anyone can edit must not change consent.
pub fn update_body(
    mut auth: Map<String, Value>,
    contact_id: &str,
    changes: &ContactChanges,
) -> Value {
    auth.insert("contactId".into(), json!(contact_id));
    let without_consent = ContactChanges {
        force_opt_in: false,
        ..changes.clone()
    };
    add_changes(&mut auth, &without_consent);
    Value::Object(auth)
}

/// `POST /api/v2/contact/addContactExtEvent`: the event on the contact
/// with the plan's e-mail.
/// Whom an external event is for: SALESmanago finds the contact by e-mail
/// or by its id.
#[derive(Debug, Clone, Copy)]
pub enum EventContact<'a> {
    Email(&'a RespondentEmail),
    Id(&'a str),
}

/// `POST /api/v2/contact/addContactExtEvent` for an interaction's event.
pub fn ext_event_body(auth: Map<String, Value>, plan: &EventPlan) -> Value {
    let mut event = Map::new();
    event.insert("location".into(), json!(plan.location));
    event_body(
        auth,
        EventContact::Email(&plan.email),
        event,
        (
            plan.date,
            &plan.event_type,
            &plan.description,
            &plan.external_id,
        ),
        &plan.details,
    )
}

/// The same for a survey response's `SURVEY` event.
pub fn survey_event_body(
    auth: Map<String, Value>,
    contact: EventContact<'_>,
    survey_event: &SurveyEvent,
) -> Value {
    event_body(
        auth,
        contact,
        Map::new(),
        (
            survey_event.date,
            SURVEY_EVENT_TYPE,
            &survey_event.description,
            &survey_event.external_id,
        ),
        &survey_event.details,
    )
}

/// The event's fields beside `extra`: date, type, description, externalId
/// (`head`), and `detailN` for each detail.
fn event_body(
    mut auth: Map<String, Value>,
    contact: EventContact<'_>,
    mut event: Map<String, Value>,
    head: (i64, &str, &str, &str),
    details: &[(u8, String)],
) -> Value {
    match contact {
        EventContact::Email(email) => auth.insert("email".into(), json!(email.as_str())),
        EventContact::Id(id) => auth.insert("contactId".into(), json!(id)),
    };
    let (date, event_type, description, external_id) = head;
    event.insert("date".into(), json!(date));
    event.insert("contactExtEventType".into(), json!(event_type));
    event.insert("description".into(), json!(description));
    event.insert("externalId".into(), json!(external_id));
    for (number, value) in details {
        event.insert(format!("detail{number}"), json!(value));
    }
    auth.insert("contactEvent".into(), Value::Object(event));
    Value::Object(auth)
}

/// `POST /api/contact/basic`: the contacts with these e-mails.
pub fn basic_body(mut auth: Map<String, Value>, email: &str) -> Value {
    auth.insert("email".into(), json!([email]));
    Value::Object(auth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha_matches_an_independently_computed_sha1() {
        // printf '%s' 'k3y' 'client42' 's3cret' | sha1sum
        let sha = request_sha("k3y", "client42", &SecretString::from("s3cret"));
        assert_eq!(sha, "6ffbe36dfbfdba5a3a587b92ed17feda236b86bd");
    }

    #[test]
    fn upsert_body_has_auth_contact_properties_tags() {
        let credentials = Credentials {
            endpoint: Endpoint::parse("app3.salesmanago.pl").unwrap(),
            client_id: "cid".into(),
            api_secret: SecretString::from("secret"),
            owner: "owner@example.pl".into(),
        };
        let changes = ContactChanges {
            properties: vec![("ankieta.Wiek".into(), "30".into())],
            tags: vec!["NPS".into()],
            force_opt_in: true,
        };
        let body = upsert_body(
            auth_fields(&credentials, "key", 1_700_000_000_000),
            "a@b.pl",
            &changes,
        );
        assert_eq!(
            body,
            json!({
                "clientId": "cid",
                "apiKey": "key",
                "requestTime": 1_700_000_000_000_i64,
                "sha": request_sha("key", "cid", &SecretString::from("secret")),
                "owner": "owner@example.pl",
                "contact": {"email": "a@b.pl"},
                "properties": {"ankieta.Wiek": "30"},
                "tags": ["NPS"],
                "forceOptIn": true
            })
        );
        assert!(!body.to_string().contains("\"secret\""));
    }
}
