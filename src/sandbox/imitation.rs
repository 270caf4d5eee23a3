//! What the sandbox answers: SALESmanago's contact methods as its API
//! documents them, as strictly as SALESmanago checks them, so that a mistake
//! made against the sandbox is not first found against a real account.

use super::contacts::SandboxContact;
use crate::domain::{cut_utf16, MAX_VALUE_UNITS};
use crate::salesmanago::request_sha;
use secrecy::SecretString;
use serde_json::{json, Value};
use std::sync::Mutex;

pub const SANDBOX_CLIENT_ID: &str = "sandbox-client";
/// Any well-formed e-mail is accepted as the owner; the demo uses this one.
pub const SANDBOX_OWNER: &str = "demo@example.pl";
/// A contact that exists from the start, so `?smclientid=` links work in the demo.
pub const SEED_CONTACT_ID: &str = "5a1e5a1e-0000-4000-8000-000000000001";
pub const SEED_CONTACT_EMAIL: &str = "jan.kowalski@example.pl";
/// How far `requestTime` may be from the sandbox's clock.
const REQUEST_TIME_WINDOW_MS: i64 = 10 * 60 * 1000;

pub struct Sandbox {
    secret: SecretString,
    pub(super) contacts: Mutex<Vec<SandboxContact>>,
    /// The demo's EmpikPlace inbox and Thulium helpdesk.
    pub(super) marketplace: super::marketplace::Marketplace,
}

/// A method's answer: `None` for a method SALESmanago does not have.
pub type Answer = Option<Value>;

pub(super) fn refused(message: impl Into<String>) -> Value {
    json!({"success": false, "message": [message.into()]})
}

impl Sandbox {
    pub fn new(secret: String) -> Self {
        let seed = SandboxContact::new(SEED_CONTACT_ID.into(), SEED_CONTACT_EMAIL);
        Self {
            secret: SecretString::from(secret),
            contacts: Mutex::new(vec![seed]),
            marketplace: Default::default(),
        }
    }

    pub fn secret(&self) -> &SecretString {
        &self.secret
    }

    pub fn contacts(&self) -> Vec<SandboxContact> {
        self.contacts.lock().expect("sandbox lock").clone()
    }

    /// The answer to `POST …/api/{method}` with `body` (`contact/upsert`, …).
    pub fn answer(&self, method: &str, body: &Value, now_ms: i64) -> Answer {
        let handler: fn(&Self, &Value) -> Result<Value, String> = match method {
            "contact/upsert" => Self::upsert,
            "contact/update" => Self::update,
            "contact/hasContact" => Self::has_contact,
            "contact/basic" => Self::basic,
            "contact/list" => Self::list,
            "v2/contact/addContactExtEvent" => Self::add_ext_event,
            _ => return None,
        };
        let answer = self
            .authenticate(body, now_ms)
            .and_then(|()| handler(self, body))
            .unwrap_or_else(refused);
        Some(answer)
    }

    fn authenticate(&self, body: &Value, now_ms: i64) -> Result<(), String> {
        let field = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or_default();
        let expected = request_sha(field("apiKey"), SANDBOX_CLIENT_ID, &self.secret);
        if field("clientId") != SANDBOX_CLIENT_ID || field("apiKey").is_empty() {
            return Err("Not authenticated, invalid clientId or apiKey".into());
        }
        if field("sha") != expected {
            return Err("Not authenticated, invalid sha".into());
        }
        match body.get("requestTime").and_then(Value::as_i64) {
            Some(time) if (time - now_ms).abs() <= REQUEST_TIME_WINDOW_MS => {}
            Some(_) => {
                return Err(
                    "Not authenticated, requestTime is more than 10 minutes from the server's time"
                        .into(),
                )
            }
            None => {
                return Err(
                    "Not authenticated, requestTime (milliseconds since 1970) is required".into(),
                )
            }
        }
        if !is_email(field("owner")) {
            return Err("Not authenticated, invalid owner".into());
        }
        Ok(())
    }

    fn upsert(&self, body: &Value) -> Result<Value, String> {
        let email = body
            .pointer("/contact/email")
            .and_then(Value::as_str)
            .filter(|email| is_email(email))
            .ok_or("contact.email is required and must be an e-mail address")?;
        let changes = Changes::parse(body)?;
        let mut contacts = self.contacts.lock().expect("sandbox lock");
        let index = match contacts.iter().position(|c| c.has_email(email)) {
            Some(index) => index,
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                contacts.push(SandboxContact::new(id, email));
                contacts.len() - 1
            }
        };
        changes.apply(&mut contacts[index]);
        Ok(json!({"success": true, "message": [], "contactId": contacts[index].id}))
    }

    fn update(&self, body: &Value) -> Result<Value, String> {
        let id = body
            .get("contactId")
            .and_then(Value::as_str)
            .ok_or("contactId is required")?;
        let changes = Changes::parse(body)?;
        let mut contacts = self.contacts.lock().expect("sandbox lock");
        let contact = contacts
            .iter_mut()
            .find(|c| c.id.eq_ignore_ascii_case(id))
            .ok_or("Contact with given id does not exist")?;
        changes.apply(contact);
        Ok(json!({"success": true, "message": [], "contactId": contact.id}))
    }

    fn has_contact(&self, body: &Value) -> Result<Value, String> {
        let email = body
            .get("email")
            .and_then(Value::as_str)
            .ok_or("email is required")?;
        let contacts = self.contacts.lock().expect("sandbox lock");
        let found = contacts.iter().any(|c| c.has_email(email));
        Ok(json!({"success": true, "message": [], "result": found}))
    }
}

/// Well-formed enough for SALESmanago: one `@`, something on both sides, a
/// dotted domain.
pub(super) fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The part of a body that changes a contact, checked whole before anything
/// is written: a refused request changes nothing.
struct Changes {
    properties: Vec<(String, String)>,
    tags: Vec<String>,
    force_opt_in: bool,
}

impl Changes {
    fn parse(body: &Value) -> Result<Self, String> {
        let mut properties = Vec::new();
        match body.get("properties") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (key, value) in map {
                    let Value::String(value) = value else {
                        return Err(format!("properties.{key}: the value must be a string"));
                    };
                    if cut_utf16(value, MAX_VALUE_UNITS).1 {
                        return Err(format!(
                            "properties.{key}: the value is longer than {MAX_VALUE_UNITS} characters"
                        ));
                    }
                    properties.push((key.clone(), value.clone()));
                }
            }
            Some(_) => return Err("properties must be an object of strings".into()),
        }
        let tags = match body.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(tags)) => tags
                .iter()
                .map(|tag| tag.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or("tags must be a list of strings")?,
            Some(_) => return Err("tags must be a list of strings".into()),
        };
        let force_opt_in = match body.get("forceOptIn") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(value)) => *value,
            Some(_) => return Err("forceOptIn must be true or false".into()),
        };
        Ok(Self {
            properties,
            tags,
            force_opt_in,
        })
    }

    fn apply(self, contact: &mut SandboxContact) {
        for (key, value) in self.properties {
            match contact.properties.iter_mut().find(|(k, _)| *k == key) {
                Some(existing) => existing.1 = value,
                None => contact.properties.push((key, value)),
            }
        }
        for tag in self.tags {
            if !contact.tags.contains(&tag) {
                contact.tags.push(tag);
            }
        }
        contact.opted_in |= self.force_opt_in;
        contact.writes += 1;
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    pub(in crate::sandbox) fn sandbox() -> Sandbox {
        Sandbox::new("sandbox-secret".into())
    }

    pub(in crate::sandbox) fn call(sandbox: &Sandbox, method: &str, fields: Value) -> Value {
        let mut body = json!({
            "clientId": SANDBOX_CLIENT_ID,
            "apiKey": "k1",
            "requestTime": NOW,
            "sha": request_sha("k1", SANDBOX_CLIENT_ID, sandbox.secret()),
            "owner": SANDBOX_OWNER,
        });
        for (name, value) in fields.as_object().unwrap() {
            body[name] = value.clone();
        }
        sandbox.answer(method, &body, NOW).expect("a known method")
    }

    fn message(answer: &Value) -> &str {
        answer["message"][0].as_str().unwrap_or_default()
    }

    #[test]
    fn e_mails_match_whatever_their_case() {
        let sandbox = sandbox();
        let answer = call(
            &sandbox,
            "contact/upsert",
            json!({"contact": {"email": "Jan.Kowalski@Example.PL"}, "tags": ["X"]}),
        );
        assert_eq!(answer["contactId"], SEED_CONTACT_ID);
        assert_eq!(sandbox.contacts().len(), 1);
        let found = call(
            &sandbox,
            "contact/hasContact",
            json!({"email": "JAN.kowalski@example.pl"}),
        );
        assert_eq!(found["result"], true);
    }

    #[test]
    fn a_value_that_is_not_a_string_is_refused_and_nothing_is_written() {
        let sandbox = sandbox();
        let answer = call(
            &sandbox,
            "contact/update",
            json!({"contactId": SEED_CONTACT_ID, "properties": {"a": "ok", "ankieta.nps": 9}}),
        );
        assert_eq!(answer["success"], false);
        assert_eq!(
            message(&answer),
            "properties.ankieta.nps: the value must be a string"
        );
        assert!(sandbox.contacts()[0].properties.is_empty());
        assert_eq!(sandbox.contacts()[0].writes, 0);
    }

    #[test]
    fn values_over_255_units_are_refused() {
        let answer = call(
            &sandbox(),
            "contact/update",
            json!({"contactId": SEED_CONTACT_ID, "properties": {"a": "😀".repeat(128)}}),
        );
        assert!(message(&answer).contains("longer than 255"), "{answer}");
    }

    #[test]
    fn request_time_must_be_near_the_sandboxs_clock() {
        let sandbox = sandbox();
        for (time, expected) in [
            (json!(NOW - 11 * 60 * 1000), "more than 10 minutes"),
            (json!(NOW + 11 * 60 * 1000), "more than 10 minutes"),
            (json!("1800000000000"), "is required"),
            (Value::Null, "is required"),
        ] {
            let answer = call(
                &sandbox,
                "contact/hasContact",
                json!({"email": "a@b.pl", "requestTime": time}),
            );
            assert_eq!(answer["success"], false);
            assert!(message(&answer).contains(expected), "{answer}");
        }
        let near = call(
            &sandbox,
            "contact/hasContact",
            json!({"email": "a@b.pl", "requestTime": NOW - 60_000}),
        );
        assert_eq!(near["success"], true);
    }

    #[test]
    fn wrong_credentials_are_not_authenticated() {
        let sandbox = sandbox();
        for fields in [
            json!({"sha": "0".repeat(40)}),
            json!({"clientId": "other"}),
            json!({"owner": ""}),
            json!({"owner": "nobody"}),
        ] {
            let mut fields = fields;
            fields["email"] = json!("a@b.pl");
            let answer = call(&sandbox, "contact/hasContact", fields);
            assert!(
                message(&answer).starts_with("Not authenticated"),
                "{answer}"
            );
        }
    }

    #[test]
    fn malformed_changes_are_refused() {
        for (fields, expected) in [
            (
                json!({"contact": {"email": "not-an-email"}}),
                "contact.email",
            ),
            (json!({"contact": {}}), "contact.email"),
            (json!({"contact": {"email": "a@b.pl"}, "tags": "X"}), "tags"),
            (json!({"contact": {"email": "a@b.pl"}, "tags": [1]}), "tags"),
            (
                json!({"contact": {"email": "a@b.pl"}, "properties": []}),
                "properties",
            ),
            (
                json!({"contact": {"email": "a@b.pl"}, "forceOptIn": "yes"}),
                "forceOptIn",
            ),
        ] {
            let answer = call(&sandbox(), "contact/upsert", fields);
            assert!(message(&answer).contains(expected), "{answer}");
        }
    }

    #[test]
    fn methods_salesmanago_does_not_have_get_no_answer() {
        assert!(sandbox()
            .answer("contact/explode", &json!({}), NOW)
            .is_none());
        assert!(sandbox()
            .answer("v2/contact/nothing", &json!({}), NOW)
            .is_none());
    }
}
