//! The demo's EmpikPlace and Thulium over HTTP: their APIs (for the
//! connector) and one page each (for a person: a customer writes, an agent
//! replies). Served only with `ANKIETER_SANDBOX=true`.

use super::marketplace::{HelpdeskTicket, InboxThread};
use super::Sandbox;
use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use base64::Engine;
use secrecy::ExposeSecret;
use serde_json::{json, Value};
use std::collections::HashMap;

pub const EMPIK_PATH: &str = "/sandbox/empikplace";
pub const THULIUM_PATH: &str = "/sandbox/thulium";

fn unauthorized() -> HttpResponse {
    HttpResponse::Unauthorized().json(json!({"message": "Unauthorized"}))
}

fn empik_allowed(
    request: &HttpRequest,
    sandbox: &Sandbox,
    query: &HashMap<String, String>,
) -> bool {
    let key = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    key == sandbox.secret().expose_secret()
        && query.get("shop_id").map(String::as_str) == Some(super::marketplace::SANDBOX_SHOP_ID)
}

fn thulium_allowed(request: &HttpRequest, sandbox: &Sandbox) -> bool {
    let expected = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        super::marketplace::SANDBOX_THULIUM_USER,
        sandbox.secret().expose_secret()
    ));
    request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        == Some(expected.as_str())
}

async fn empik_api(
    request: HttpRequest,
    sandbox: web::Data<Sandbox>,
    rest: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
    body: web::Bytes,
) -> HttpResponse {
    if !empik_allowed(&request, &sandbox, &query) {
        return unauthorized();
    }
    let now = crate::clock::now_ms();
    let parts: Vec<&str> = rest.split('/').collect();
    match (request.method().as_str(), parts.as_slice()) {
        ("GET", ["inbox", "threads"]) => {
            let since = query
                .get("updated_since")
                .and_then(|s| s.parse::<jiff::Timestamp>().ok())
                .map_or(0, |t| t.as_millisecond());
            HttpResponse::Ok().json(sandbox.marketplace.inbox(since))
        }
        ("GET", ["orders"]) => HttpResponse::Ok().json(sandbox.marketplace.order()),
        ("POST", ["inbox", "threads", thread, "message"]) => {
            let Some(input) = message_input(&body) else {
                return HttpResponse::BadRequest()
                    .json(json!({"message": "message_input is missing"}));
            };
            let text = input
                .get("body")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if sandbox.marketplace.shop_replies(thread, text, now) {
                HttpResponse::Created().json(json!({"message_id": format!("{thread}-{now}")}))
            } else {
                HttpResponse::NotFound().json(json!({"message": "Thread not found"}))
            }
        }
        _ => HttpResponse::NotFound().json(json!({"message": "Not found"})),
    }
}

/// The JSON of a multipart body's `message_input` part.
fn message_input(body: &[u8]) -> Option<Value> {
    let text = String::from_utf8_lossy(body);
    let start = text.find("name=\"message_input\"")?;
    let rest = &text[start..];
    let json_start = rest.find("\r\n\r\n")? + 4;
    let rest = &rest[json_start..];
    let end = rest.find("\r\n--")?;
    serde_json::from_str(&rest[..end]).ok()
}

async fn thulium_api(
    request: HttpRequest,
    sandbox: web::Data<Sandbox>,
    rest: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
    body: web::Bytes,
) -> HttpResponse {
    if !thulium_allowed(&request, &sandbox) {
        return unauthorized();
    }
    let now = crate::clock::now_ms();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let market = &sandbox.marketplace;
    let parts: Vec<&str> = rest.split('/').collect();
    match (request.method().as_str(), parts.as_slice()) {
        ("GET", ["customers"]) => {
            let wanted = format!(
                "custom_fields[{}]",
                super::marketplace::SANDBOX_CUSTOMER_FIELD
            );
            let value = query.get(&wanted).cloned().unwrap_or_default();
            HttpResponse::Ok().json(market.customers(&value))
        }
        ("POST", ["customers"]) => HttpResponse::Created().json(market.add_customer(&body)),
        ("POST", ["tickets"]) => HttpResponse::Created().json(market.open_ticket(&body, now)),
        ("GET", ["tickets"]) => {
            let since = query
                .get("date_from")
                .and_then(|d| crate::thulium::parse_time(d))
                .unwrap_or(0);
            HttpResponse::Ok().json(market.modified_tickets(since))
        }
        ("GET", ["tickets", id]) => match id.parse().ok().and_then(|id| market.ticket(id)) {
            Some(ticket) => HttpResponse::Ok().json(ticket),
            None => HttpResponse::NotFound().json(json!({"message": "Not found"})),
        },
        ("POST", ["tickets", id, kind @ ("customer_response" | "comment")]) => {
            let kind = if *kind == "comment" {
                "COMMENT"
            } else {
                "CUSTOMER_RESPONSE"
            };
            let text = body.get("body").and_then(Value::as_str).unwrap_or_default();
            match id.parse() {
                Ok(id) if market.agent_writes(id, kind, text, now) => {
                    HttpResponse::Ok().json(json!({}))
                }
                _ => HttpResponse::NotFound().json(json!({"message": "Not found"})),
            }
        }
        ("GET", ["ticket_queues"]) => {
            HttpResponse::Ok().json(json!([{"id": 7, "name": "EmpikPlace"}]))
        }
        ("GET", ["ticket_categories"]) => HttpResponse::Ok()
            .json(json!([{"id": 3, "name": "Reklamacje"}, {"id": 4, "name": "Pytania"}])),
        _ => HttpResponse::NotFound().json(json!({"message": "Not found"})),
    }
}

#[derive(Template)]
#[template(path = "sandbox_marketplace.html")]
struct MarketplacePage {
    lang: &'static str,
    threads: Vec<InboxThread>,
    tickets: Vec<HelpdeskTicket>,
}

async fn show(sandbox: web::Data<Sandbox>) -> HttpResponse {
    let mut threads = sandbox.marketplace.threads();
    threads.reverse();
    let mut tickets = sandbox.marketplace.tickets();
    tickets.reverse();
    render(
        StatusCode::OK,
        &MarketplacePage {
            lang: "pl",
            threads,
            tickets,
        },
    )
}

/// A form of this page only: another site cannot post into the sandbox.
fn same_origin(request: &HttpRequest) -> bool {
    let host = request.connection_info().host().to_owned();
    match request
        .headers()
        .get("origin")
        .and_then(|v| v.to_str().ok())
    {
        Some(origin) => origin.split("://").nth(1) == Some(host.as_str()),
        None => true,
    }
}

fn back() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("location", EMPIK_PATH))
        .finish()
}

/// The connector polls at once: the demo shows a ticket in seconds, not
/// at the next minute.
fn poll_now(request: &HttpRequest) {
    if let Some(state) = request.app_data::<web::Data<crate::web::AppState>>() {
        state.poll_marketplaces.notify_one();
    }
}

async fn customer_writes(
    request: HttpRequest,
    sandbox: web::Data<Sandbox>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    if !same_origin(&request) {
        return HttpResponse::Forbidden().finish();
    }
    let field = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or_default();
    let body: String = field("body").chars().take(2_000).collect();
    if !body.is_empty() {
        let name = Some(field("name"))
            .filter(|n| !n.is_empty())
            .unwrap_or("Anna Kowalska");
        let name: String = name.chars().take(100).collect();
        sandbox
            .marketplace
            .customer_writes(field("thread"), &name, &body, crate::clock::now_ms());
        poll_now(&request);
    }
    back()
}

async fn agent_writes(
    request: HttpRequest,
    sandbox: web::Data<Sandbox>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    if !same_origin(&request) {
        return HttpResponse::Forbidden().finish();
    }
    let field = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or_default();
    let body: String = field("body").chars().take(2_000).collect();
    let kind = if field("kind") == "comment" {
        "COMMENT"
    } else {
        "AGENT_RESPONSE"
    };
    if let (Ok(ticket), false) = (field("ticket").parse(), body.is_empty()) {
        sandbox
            .marketplace
            .agent_writes(ticket, kind, &body, crate::clock::now_ms());
        poll_now(&request);
    }
    back()
}

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .route(EMPIK_PATH, web::get().to(show))
        .route(THULIUM_PATH, web::get().to(show))
        .route(
            &format!("{EMPIK_PATH}/customer-writes"),
            web::post().to(customer_writes),
        )
        .route(
            &format!("{THULIUM_PATH}/agent-writes"),
            web::post().to(agent_writes),
        )
        .route(&format!("{EMPIK_PATH}/api/{{rest:.+}}"), web::to(empik_api))
        // The seller panel's links in a ticket lead back to the sandbox.
        .route(
            &format!("{EMPIK_PATH}/mmp/{{rest:.*}}"),
            web::get().to(|| async { back() }),
        )
        .route(
            &format!("{THULIUM_PATH}/api/{{rest:.+}}"),
            web::to(thulium_api),
        );
}
