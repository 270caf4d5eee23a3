//! The admin's Contacts page: any e-mail's contact card (SALESmanago's data
//! and what ankieter sent for it).

use super::session::{app_state, SignedIn};
use super::views::Layout;
use super::AdminResult;
use crate::contacts::{CardLink, ContactCard, LedgerRow};
use crate::domain::RespondentEmail;
use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use askama::Template;
use std::time::Duration;

/// How long the admin's "open as a helpdesk shows it" link works.
const EMBED_LINK_LIVES: Duration = Duration::from_secs(15 * 60);

#[derive(Template)]
#[template(path = "admin/contacts.html")]
pub struct ContactsPage {
    pub layout: Layout,
    pub email: String,
    pub error: Option<String>,
    pub card: Option<ContactCard>,
    pub ledger: Vec<LedgerRow>,
    /// The card as a helpdesk shows it: a signed link that works for a while.
    pub embed_link: Option<String>,
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
        embed_link: None,
        layout: signed_in.layout,
    };
    if typed.is_empty() {
        return Ok(render(StatusCode::OK, &page));
    }
    let Some(email) = RespondentEmail::parse(&typed) else {
        page.error = Some(page.layout.t("contacts-email-invalid"));
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let may_ask = state.limits.check_card_lookup(account.id);
    let link = CardLink {
        account_id: account.id,
        email: email.clone(),
        expires: crate::clock::now_ms() / 1000 + EMBED_LINK_LIVES.as_secs() as i64,
    };
    page.embed_link = Some(format!("/card?{}", link.query(&state.key)));
    let card = state.contact_cards.card(&account, email, may_ask).await?;
    page.ledger = card.ledger_rows();
    page.card = Some(card);
    Ok(render(StatusCode::OK, &page))
}
