//! The sandbox's external events (`v2/contact/addContactExtEvent`) and
//! contact look-up (`contact/basic`), as strict as the documented API.

use super::contacts::{SandboxContact, SandboxEvent};
use super::imitation::{is_email, Sandbox};
use crate::domain::{cut_utf16, EXT_EVENT_TYPES};
use serde_json::{json, Value};

impl Sandbox {
    /// The contacts with one of the body's `email: [..]`, each as `show` puts it.
    fn contacts_by_emails(
        &self,
        body: &Value,
        show: impl Fn(&SandboxContact) -> Value,
    ) -> Result<Value, String> {
        let emails: Vec<&str> = match body.get("email") {
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => return Err("email must be a list of e-mail addresses".into()),
        };
        let contacts = self.contacts.lock().expect("sandbox lock");
        let found: Vec<Value> = contacts
            .iter()
            .filter(|c| emails.iter().any(|email| c.has_email(email)))
            .map(show)
            .collect();
        Ok(json!({"success": true, "message": [], "contacts": found}))
    }

    pub(super) fn basic(&self, body: &Value) -> Result<Value, String> {
        self.contacts_by_emails(body, |c| {
            json!({
                "id": c.id,
                "email": c.email,
                "optedIn": c.opted_in,
            })
        })
    }

    /// `contact/list`: the contacts with these e-mails, with their tags,
    /// properties and external events, in SALESmanago's shape.
    pub(super) fn list(&self, body: &Value) -> Result<Value, String> {
        self.contacts_by_emails(body, |c| {
                let events: Vec<Value> = c
                    .events
                    .iter()
                    .map(|e| {
                        let mut event = json!({
                            "contactExtEventType": e.event_type,
                            "description": e.description,
                            "date": e.date,
                        });
                        for (key, value) in &e.details {
                            event[key] = json!(value);
                        }
                        event
                    })
                    .collect();
                json!({
                    "id": c.id,
                    "email": c.email,
                    "optedOut": !c.opted_in,
                    "contactTags": c.tags.iter().map(|t| json!({"tag": t})).collect::<Vec<_>>(),
                    "properties": c.properties.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
                    "contactExtEvents": events,
                })
        })
    }

    pub(super) fn add_ext_event(&self, body: &Value) -> Result<Value, String> {
        let event = body
            .get("contactEvent")
            .and_then(Value::as_object)
            .ok_or("contactEvent is required")?;
        let parsed = parse_event(event)?;
        let mut contacts = self.contacts.lock().expect("sandbox lock");
        let contact = find_contact(&mut contacts, body)?;
        // The same externalId again is the same event.
        if let Some(existing) = parsed.external_id.as_ref().and_then(|id| {
            contact
                .events
                .iter()
                .find(|e| e.external_id.as_ref() == Some(id))
        }) {
            return Ok(json!({"success": true, "message": [], "eventId": existing.id}));
        }
        let event = SandboxEvent {
            id: uuid::Uuid::new_v4().to_string(),
            ..parsed
        };
        let id = event.id.clone();
        contact.events.push(event);
        Ok(json!({"success": true, "message": [], "eventId": id}))
    }
}

fn find_contact<'a>(
    contacts: &'a mut [SandboxContact],
    body: &Value,
) -> Result<&'a mut SandboxContact, String> {
    let by_email = body.get("email").and_then(Value::as_str);
    let by_id = body.get("contactId").and_then(Value::as_str);
    let found = match (by_email, by_id) {
        (Some(email), _) if is_email(email) => contacts.iter_mut().find(|c| c.has_email(email)),
        (None, Some(id)) => contacts.iter_mut().find(|c| c.id.eq_ignore_ascii_case(id)),
        _ => return Err("email or contactId is required".into()),
    };
    found.ok_or_else(|| "Contact does not exist".into())
}

fn text(value: Option<&Value>, field: &str) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => {
            if cut_utf16(text, 255).1 {
                Err(format!("{field} is longer than 255 characters"))
            } else {
                Ok(Some(text.clone()))
            }
        }
        Some(_) => Err(format!("{field} must be a string")),
    }
}

fn parse_event(event: &serde_json::Map<String, Value>) -> Result<SandboxEvent, String> {
    let date = event
        .get("date")
        .and_then(Value::as_i64)
        .ok_or("contactEvent.date (milliseconds since 1970) is required")?;
    let event_type = text(event.get("contactExtEventType"), "contactExtEventType")?
        .filter(|t| EXT_EVENT_TYPES.contains(&t.as_str()))
        .ok_or("contactEvent.contactExtEventType is required and must be a known type")?;
    let location = text(event.get("location"), "location")?;
    if let Some(location) = &location {
        let well_formed = (3..=36).contains(&location.len())
            && location
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !well_formed {
            return Err("location must be 3 to 36 letters, digits or '_'".into());
        }
    }
    let mut details = Vec::new();
    for number in 1..=20 {
        let key = format!("detail{number}");
        if let Some(value) = text(event.get(&key), &key)? {
            details.push((key, value));
        }
    }
    let known = |key: &str| {
        matches!(
            key,
            "date" | "contactExtEventType" | "description" | "externalId" | "location" | "value"
        ) || key
            .strip_prefix("detail")
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=20).contains(&n))
    };
    if let Some(unknown) = event.keys().find(|key| !known(key)) {
        return Err(format!("contactEvent.{unknown} is not a field of an event"));
    }
    Ok(SandboxEvent {
        id: String::new(),
        description: text(event.get("description"), "description")?.unwrap_or_default(),
        event_type,
        date,
        external_id: text(event.get("externalId"), "externalId")?,
        location,
        details,
    })
}

#[cfg(test)]
mod tests {
    use super::super::imitation::tests::{call, sandbox};
    use super::super::imitation::{SEED_CONTACT_EMAIL, SEED_CONTACT_ID};
    use serde_json::json;

    fn event(external_id: &str) -> serde_json::Value {
        json!({"date": 1_800_000_000_000_i64, "contactExtEventType": "OTHER",
               "description": "THULIUM_TICKET_CLOSED", "externalId": external_id,
               "location": "thulium_main", "detail1": "32"})
    }

    #[test]
    fn basic_finds_contacts_by_e_mail_in_any_case() {
        let sandbox = sandbox();
        let found = call(
            &sandbox,
            "contact/basic",
            json!({"email": [SEED_CONTACT_EMAIL.to_uppercase()]}),
        );
        assert_eq!(found["contacts"][0]["id"], SEED_CONTACT_ID);
        let none = call(
            &sandbox,
            "contact/basic",
            json!({"email": ["nikt@example.pl"]}),
        );
        assert_eq!(none["contacts"], json!([]));
        let malformed = call(&sandbox, "contact/basic", json!({"email": "a@b.pl"}));
        assert_eq!(malformed["success"], false);
    }

    #[test]
    fn events_go_to_existing_contacts_once_per_external_id() {
        let sandbox = sandbox();
        let add = |email: &str, event| {
            call(
                &sandbox,
                "v2/contact/addContactExtEvent",
                json!({"email": email, "contactEvent": event}),
            )
        };
        let first = add(SEED_CONTACT_EMAIL, event("x-1"));
        let again = add(SEED_CONTACT_EMAIL, event("x-1"));
        assert_eq!(first["success"], true);
        assert_eq!(first["eventId"], again["eventId"]);
        assert_eq!(sandbox.contacts()[0].events.len(), 1);
        let missing = add("nikt@example.pl", event("x-2"));
        assert_eq!(missing["message"][0], "Contact does not exist");
        let mut bad = event("x-3");
        bad["location"] = json!("thulium-main");
        assert_eq!(add(SEED_CONTACT_EMAIL, bad)["success"], false);
        let mut long = event("x-4");
        long["detail2"] = json!("x".repeat(256));
        assert_eq!(add(SEED_CONTACT_EMAIL, long)["success"], false);
        let mut unknown = event("x-5");
        unknown["detail21"] = json!("x");
        assert_eq!(add(SEED_CONTACT_EMAIL, unknown)["success"], false);
        assert_eq!(
            sandbox.contacts()[0].events.len(),
            1,
            "refused events change nothing"
        );
    }
}
