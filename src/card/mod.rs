//! The embeddable contact card (`GET /card?email=…&key=…`, or a signed
//! link): the same card as the admin's Contacts page, read-only, without
//! the admin around it, drawn for a helpdesk's sidebar or widget 320–400 px
//! wide, in Polish, Czech or English. It may be framed by any site: the key
//! or the link is what authorises it, and it has nothing to click that
//! changes anything.

mod texts;

use crate::clock::{format_ms, now_ms};
use crate::contacts::{authorise, CardAsk, CardRefused, ContactCard, InSalesmanago, LedgerRow};
use crate::domain::Language;
use crate::web::page::render;
use crate::web::AppState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
pub use texts::CardTexts;

#[derive(Template)]
#[template(path = "card.html")]
pub struct CardPage {
    pub lang: &'static str,
    pub t: &'static CardTexts,
    /// Why the card cannot be shown, instead of the card.
    pub refused: Option<&'static str>,
    pub card: Option<ContactCard>,
    pub ledger: Vec<LedgerRow>,
    /// What SALESmanago's trouble is, in the card's language.
    pub trouble: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct CardQuery {
    #[serde(flatten)]
    ask: CardAsk,
    lang: Option<String>,
}

pub async fn card(
    request: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CardQuery>,
) -> actix_web::Result<HttpResponse> {
    let CardQuery { ask, lang } = query.into_inner();
    let asked = lang.as_deref().and_then(Language::parse);
    let authorised = authorise(state.store.as_ref(), &state.key, &ask, now_ms())
        .await
        .map_err(actix_web::error::ErrorInternalServerError)?;
    let (account, email) = match authorised {
        Ok(found) => found,
        Err(refused) => {
            let language = asked.unwrap_or_else(|| browser_language(&request));
            return Ok(refuse(language, refused));
        }
    };
    let language = asked.unwrap_or(account.language);
    let may_ask = state.limits.check_card_lookup(account.id);
    let card = state
        .contact_cards
        .card(&account, email, may_ask)
        .await
        .map_err(actix_web::error::ErrorInternalServerError)?;
    let t = CardTexts::of(language);
    let trouble = match &card.salesmanago {
        InSalesmanago::Unavailable(trouble) => Some(t.trouble(trouble)),
        _ => None,
    };
    let page = CardPage {
        lang: language.code(),
        t,
        refused: None,
        ledger: card.ledger_rows(),
        card: Some(card),
        trouble,
    };
    Ok(framable(render(StatusCode::OK, &page)))
}

fn refuse(language: Language, refused: CardRefused) -> HttpResponse {
    let t = CardTexts::of(language);
    let (status, text) = match refused {
        CardRefused::NoKey => (StatusCode::UNAUTHORIZED, t.no_key),
        CardRefused::BadKey => (StatusCode::UNAUTHORIZED, t.bad_key),
        CardRefused::ApiToken => (StatusCode::FORBIDDEN, t.api_token),
        CardRefused::Forged => (StatusCode::FORBIDDEN, t.forged),
        CardRefused::Expired => (StatusCode::FORBIDDEN, t.expired),
        CardRefused::BadEmail => (StatusCode::UNPROCESSABLE_ENTITY, t.bad_email),
    };
    let page = CardPage {
        lang: language.code(),
        t,
        refused: Some(text),
        card: None,
        ledger: Vec::new(),
        trouble: None,
    };
    framable(render(status, &page))
}

/// The card lives in other sites' frames; it is never cached or indexed
/// (it holds personal data and its URL a key).
fn framable(response: HttpResponse) -> HttpResponse {
    let framable = HeaderValue::from_static(crate::web::security::FRAMABLE_CSP);
    let mut response = crate::web::security::allow_framing(response, &framable);
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
}

/// The first of Polish, Czech and English the browser asks for (for a
/// refusal, before the account and its language are known); else English.
fn browser_language(request: &HttpRequest) -> Language {
    request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|accepted| {
            accepted
                .split(',')
                .filter_map(|item| item.split(';').next()?.trim().split('-').next())
                .find_map(Language::parse)
        })
        .unwrap_or(Language::En)
}

/// A time on the card (the template holds it by one reference or two).
pub fn when(at: &i64) -> String {
    format_ms(*at)
}
