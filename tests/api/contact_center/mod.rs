//! Contact-center interactions become SALESmanago external events.

mod events;
mod intake;
mod thulium;
mod webhooks;

use crate::helpers::*;
use crate::json_api::{api_for, Api};
use ankieter::db::ContactCenter;
use ankieter::domain::ContactCenterRules;
use ankieter::manage::{create_contact_center, WebhookCredentials};
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

pub const EXT_EVENT: &str = "/api/v2/contact/addContactExtEvent";
pub const BASIC: &str = "/api/contact/basic";

/// A server whose account has the integration `thulium-main` (with
/// `rules`) and an API token.
pub async fn app_with_integration(
    rules: ContactCenterRules,
) -> (TestApp, ContactCenter, WebhookCredentials, Api) {
    let app = spawn_app().await;
    let (integration, credentials) =
        create_contact_center(app.store(), app.account_id, "thulium-main", rules)
            .await
            .unwrap();
    let api = api_for(&app, app.account_id).await;
    (app, integration, credentials, api)
}

/// SALESmanago knows the contact (`contact/basic` finds it) and takes events.
pub async fn salesmanago_knows_everyone(app: &TestApp) {
    app.answer(BASIC, contacts_found(), ..).await;
    app.answer(EXT_EVENT, event_added(), ..).await;
}

pub fn contacts_found() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "success": true, "message": [],
        "contacts": [{"id": "c-1", "email": "jan@example.com"}]
    }))
}

pub fn no_contacts() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"success": true, "message": [], "contacts": []}))
}

pub fn event_added() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"success": true, "message": [], "eventId": "e-1"}))
}

/// An interaction as the generic endpoint takes it, of `kind`.
pub fn interaction(id: &str, kind: &str) -> Value {
    json!({
        "integration": "thulium-main",
        "id": id,
        "type": kind,
        "occurred_at": "2026-11-21T10:15:00+01:00",
        "email": "jan@example.com",
        "queue": {"id": "32", "name": "Reklamacje"},
        "rating": 5,
        "handled_by": "agent",
        "wait_seconds": 42,
        "talk_seconds": 312
    })
}

/// `2026-11-21T10:15:00+01:00` in ms.
pub const OCCURRED_AT_MS: i64 = 1_795_252_500_000;
