//! The admin's Contacts page: any e-mail's contact card (SALESmanago's data
//! and what ankieter sent for it).

use super::session::{app_state, SignedIn};
use super::views::Layout;
use super::AdminResult;
use crate::clock::format_ms;
use crate::contacts::ContactCard;
use crate::domain::{RespondentEmail, Work};
use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/contacts.html")]
pub struct ContactsPage {
    pub layout: Layout,
    pub email: String,
    pub error: Option<String>,
    pub card: Option<ContactCard>,
    /// The ledger's rows: delivery id, created, what, status.
    pub ledger: Vec<(String, String, String, &'static str)>,
}

#[derive(serde::Deserialize)]
pub struct EmailQuery {
    #[serde(default)]
    email: String,
}

pub async fn page(
    request: HttpRequest,
    signed_in: SignedIn,
    query: web::Query<EmailQuery>,
) -> AdminResult {
    let state = app_state(&request);
    let account = signed_in.account;
    let typed = query.email.trim().to_owned();
    let mut page = ContactsPage {
        email: typed.clone(),
        error: None,
        card: None,
        ledger: Vec::new(),
        layout: signed_in.layout,
    };
    if typed.is_empty() {
        return Ok(render(StatusCode::OK, &page));
    }
    let Some(email) = RespondentEmail::parse(&typed) else {
        page.error = Some("Enter a whole e-mail address, e.g. jan@example.com.".into());
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let may_ask = state.limits.check_card_lookup(account.id);
    let card = state.contact_cards.card(&account, email, may_ask).await?;
    page.ledger = card
        .ledger
        .iter()
        .map(|d| {
            let what = match &d.work {
                Work::Response(_) => "survey response".to_owned(),
                Work::Event(event) => event.description.clone(),
            };
            (
                d.id.to_string(),
                format_ms(d.created_at),
                what,
                d.status.as_str(),
            )
        })
        .collect();
    page.card = Some(card);
    Ok(render(StatusCode::OK, &page))
}

/// A time from the card (the template holds it by one reference or two).
pub fn when(at: &i64) -> String {
    format_ms(*at)
}
