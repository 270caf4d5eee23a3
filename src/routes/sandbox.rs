//! A small imitation of the SALESmanago API that the demo forwards to, so a
//! fresh machine shows the whole flow without a SALESmanago account. It checks
//! `clientId` and `sha` like SALESmanago does and keeps contacts in memory.
//! Only served when `ANKIETER_SANDBOX=true` (as `ankieter demo` sets it).

use crate::routes::page::render;
use crate::salesmanago::request_sha;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use secrecy::SecretString;
use serde_json::{json, Value};
use std::sync::Mutex;

pub const SANDBOX_CLIENT_ID: &str = "sandbox-client";
/// A contact that exists from the start, so `?smclientid=` links work in the demo.
pub const SEED_CONTACT_ID: &str = "5a1e5a1e-0000-4000-8000-000000000001";
pub const SEED_CONTACT_EMAIL: &str = "jan.kowalski@example.pl";

pub struct Sandbox {
    secret: SecretString,
    contacts: Mutex<Vec<SandboxContact>>,
}

#[derive(Clone)]
pub struct SandboxContact {
    pub id: String,
    pub email: Option<String>,
    pub properties: Vec<(String, String)>,
    pub tags: Vec<String>,
    pub opted_in: bool,
    pub writes: u32,
}

impl Sandbox {
    pub fn new(secret: String) -> Self {
        let seed = SandboxContact {
            id: SEED_CONTACT_ID.into(),
            email: Some(SEED_CONTACT_EMAIL.into()),
            properties: Vec::new(),
            tags: Vec::new(),
            opted_in: false,
            writes: 0,
        };
        Self {
            secret: SecretString::from(secret),
            contacts: Mutex::new(vec![seed]),
        }
    }

    pub fn contacts(&self) -> Vec<SandboxContact> {
        self.contacts.lock().expect("sandbox lock").clone()
    }

    fn authenticate(&self, body: &Value) -> Result<(), &'static str> {
        let field = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or_default();
        let expected = request_sha(field("apiKey"), SANDBOX_CLIENT_ID, &self.secret);
        if field("clientId") != SANDBOX_CLIENT_ID
            || field("sha") != expected
            || body.get("requestTime").is_none()
        {
            return Err("Not authenticated");
        }
        if field("owner").is_empty() {
            return Err("Not authenticated, invalid owner");
        }
        Ok(())
    }

    fn write(&self, contact: &mut SandboxContact, body: &Value) {
        if let Some(properties) = body.get("properties").and_then(Value::as_object) {
            for (key, value) in properties {
                let value = value.as_str().unwrap_or_default().to_owned();
                match contact.properties.iter_mut().find(|(k, _)| k == key) {
                    Some(existing) => existing.1 = value,
                    None => contact.properties.push((key.clone(), value)),
                }
            }
        }
        for tag in body
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !contact.tags.iter().any(|t| t == tag) {
                contact.tags.push(tag.to_owned());
            }
        }
        contact.opted_in |= body
            .get("forceOptIn")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        contact.writes += 1;
    }

    fn answer(&self, action: &str, body: &Value) -> Value {
        if let Err(message) = self.authenticate(body) {
            return json!({"success": false, "message": [message]});
        }
        let mut contacts = self.contacts.lock().expect("sandbox lock");
        match action {
            "upsert" => {
                let Some(email) = body.pointer("/contact/email").and_then(Value::as_str) else {
                    return json!({"success": false, "message": ["contact.email is required"]});
                };
                let index = match contacts
                    .iter()
                    .position(|c| c.email.as_deref() == Some(email))
                {
                    Some(index) => index,
                    None => {
                        contacts.push(SandboxContact {
                            id: uuid::Uuid::new_v4().to_string(),
                            email: Some(email.to_owned()),
                            properties: Vec::new(),
                            tags: Vec::new(),
                            opted_in: false,
                            writes: 0,
                        });
                        contacts.len() - 1
                    }
                };
                self.write(&mut contacts[index], body);
                json!({"success": true, "message": [], "contactId": contacts[index].id})
            }
            "update" => {
                let id = body
                    .get("contactId")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                match contacts.iter_mut().find(|c| c.id == id) {
                    Some(contact) => {
                        self.write(contact, body);
                        json!({"success": true, "message": [], "contactId": contact.id})
                    }
                    None => {
                        json!({"success": false, "message": ["Contact with given id does not exist"]})
                    }
                }
            }
            "hasContact" => {
                let email = body.get("email").and_then(Value::as_str);
                let found = contacts.iter().any(|c| c.email.as_deref() == email);
                json!({"success": true, "message": [], "result": found})
            }
            _ => json!({"success": false, "message": ["Unknown method"]}),
        }
    }
}

async fn api(
    sandbox: web::Data<Sandbox>,
    action: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let answer = match serde_json::from_slice::<Value>(&body) {
        Ok(body) => sandbox.answer(&action, &body),
        Err(_) => json!({"success": false, "message": ["Invalid JSON"]}),
    };
    HttpResponse::Ok().json(answer)
}

#[derive(Template)]
#[template(path = "sandbox.html")]
struct SandboxPage {
    lang: &'static str,
    client_id: &'static str,
    contacts: Vec<SandboxContact>,
}

async fn show_contacts(sandbox: web::Data<Sandbox>) -> HttpResponse {
    let mut contacts = sandbox.contacts();
    contacts.reverse();
    render(
        StatusCode::OK,
        &SandboxPage {
            lang: "en",
            client_id: SANDBOX_CLIENT_ID,
            contacts,
        },
    )
}

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .route("/sandbox/salesmanago", web::get().to(show_contacts))
        .route(
            "/sandbox/salesmanago/api/contact/{action}",
            web::post().to(api),
        );
}
