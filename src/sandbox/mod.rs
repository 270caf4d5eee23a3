//! A small imitation of the SALESmanago API that the demo forwards to, so a
//! fresh machine shows the whole flow without a SALESmanago account. It checks
//! `clientId`, `sha`, `requestTime` and `owner` like SALESmanago does, keeps
//! contacts and their external events in memory, and shows its own
//! credentials so that a SALESmanago library or `curl` can be pointed at it
//! too.
//! Only served when `ANKIETER_SANDBOX=true` (as `ankieter demo` sets it).

mod contacts;
mod events;
mod imitation;
mod marketplace;
mod marketplace_http;

pub use contacts::{SandboxContact, SandboxEvent};
pub use imitation::{
    Sandbox, SANDBOX_CLIENT_ID, SANDBOX_OWNER, SEED_CONTACT_EMAIL, SEED_CONTACT_ID,
};
pub use marketplace::{
    SANDBOX_CUSTOMER_FIELD, SANDBOX_QUEUE_ID, SANDBOX_SHOP_ID, SANDBOX_THULIUM_USER,
};
pub use marketplace_http::{EMPIK_PATH, THULIUM_PATH};

use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use secrecy::ExposeSecret;
use serde_json::{json, Value};

/// Where the sandbox lives under the server's address.
pub const SANDBOX_PATH: &str = "/sandbox/salesmanago";

async fn api(
    sandbox: web::Data<Sandbox>,
    method: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return HttpResponse::BadRequest()
            .json(json!({"success": false, "message": ["Invalid JSON"]}));
    };
    match sandbox.answer(&method, &body, crate::clock::now_ms()) {
        Some(answer) => HttpResponse::Ok().json(answer),
        None => unknown_method().await,
    }
}

/// SALESmanago answers an API path it does not have with JSON, not a page.
async fn unknown_method() -> HttpResponse {
    HttpResponse::NotFound().json(json!({"success": false, "message": ["Unknown API method"]}))
}

#[derive(Template)]
#[template(path = "sandbox.html")]
struct SandboxPage {
    lang: &'static str,
    endpoint: String,
    client_id: &'static str,
    api_secret: String,
    owner: &'static str,
    contacts: Vec<SandboxContact>,
}

async fn show_contacts(request: HttpRequest, sandbox: web::Data<Sandbox>) -> HttpResponse {
    let mut contacts = sandbox.contacts();
    contacts.reverse();
    let connection = request.connection_info();
    render(
        StatusCode::OK,
        &SandboxPage {
            lang: "en",
            endpoint: format!(
                "{}://{}{SANDBOX_PATH}",
                connection.scheme(),
                connection.host()
            ),
            client_id: SANDBOX_CLIENT_ID,
            api_secret: sandbox.secret().expose_secret().to_owned(),
            owner: SANDBOX_OWNER,
            contacts,
        },
    )
}

pub fn configure(config: &mut web::ServiceConfig) {
    marketplace_http::configure(config);
    config
        .route(SANDBOX_PATH, web::get().to(show_contacts))
        .route("/sandbox/salesmanago/api/{method:.+}", web::post().to(api))
        .route(
            "/sandbox/salesmanago/api/{rest:.*}",
            web::to(unknown_method),
        );
}
