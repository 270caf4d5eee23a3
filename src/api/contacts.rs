//! `GET /api/v1/contacts/{email}`: the contact card as JSON — what
//! SALESmanago knows about the e-mail and what ankieter sent for it; and
//! `POST …/card-link`: a signed, expiring link to its embeddable card.

use super::auth::ApiAccount;
use super::error::{ApiError, ApiResult};
use super::models::DeliveryJson;
use crate::contacts::{CardLink, InSalesmanago, CARD_LINK_LONGEST};
use crate::domain::RespondentEmail;
use crate::salesmanago::CardContact;
use crate::web::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ContactCardJson {
    pub email: String,
    pub salesmanago: SalesmanagoCardJson,
    /// ankieter's deliveries for this e-mail (survey responses and
    /// contact-center events), newest first, at most 50.
    pub ledger: Vec<DeliveryJson>,
}

#[derive(Serialize, ToSchema)]
pub struct SalesmanagoCardJson {
    /// `found`, `not_found` (SALESmanago has no such contact) or
    /// `unavailable` (SALESmanago could not be asked; see `message`).
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// SALESmanago's data: basic fields, tags, properties (survey answers
    /// first) and external events (newest first). Times in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub contact: Option<CardContact>,
}

/// The contact card of an e-mail: SALESmanago's data (kept 60 s) and this
/// account's deliveries for it.
#[utoipa::path(get, path = "/api/v1/contacts/{email}", tag = "contacts",
    params(("email" = String, Path, description = "Any e-mail address")),
    responses((status = 200, body = ContactCardJson), (status = 422, body = super::error::ErrorBody),
              (status = 429, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn card(
    state: web::Data<AppState>,
    api: ApiAccount,
    email: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let email = RespondentEmail::parse(&email)
        .ok_or_else(|| ApiError::invalid("email", "not a valid e-mail address"))?;
    let may_ask = state.limits.check_card_lookup(api.account.id);
    let card = state
        .contact_cards
        .card(&api.account, email, may_ask)
        .await?;
    let salesmanago = match card.salesmanago {
        InSalesmanago::Found(contact) => SalesmanagoCardJson {
            state: "found",
            message: None,
            contact: Some(*contact),
        },
        InSalesmanago::NotFound => SalesmanagoCardJson {
            state: "not_found",
            message: Some("SALESmanago has no contact with this e-mail".into()),
            contact: None,
        },
        InSalesmanago::Unavailable(message) => SalesmanagoCardJson {
            state: "unavailable",
            message: Some(message.english()),
            contact: None,
        },
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(ContactCardJson {
            email: card.email.as_str().to_owned(),
            salesmanago,
            ledger: card.ledger.into_iter().map(DeliveryJson::from).collect(),
        }))
}

#[derive(Deserialize, IntoParams)]
pub struct CardLinkQuery {
    /// How long the link works, 1–1440 minutes (default 15).
    minutes: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct CardLinkJson {
    /// The embeddable card of this e-mail, for an agent's browser or a
    /// helpdesk's frame; it needs no other key.
    pub url: String,
    /// When the link stops working, unix seconds.
    pub expires_at: i64,
}

/// A signed link to the e-mail's embeddable contact card that works for a
/// while: for a helpdesk that asks from its server and hands the link to
/// the agent's browser (no key reaches the browser).
#[utoipa::path(post, path = "/api/v1/contacts/{email}/card-link", tag = "contacts",
    params(("email" = String, Path, description = "Any e-mail address"), CardLinkQuery),
    responses((status = 201, body = CardLinkJson), (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn card_link(
    request: HttpRequest,
    state: web::Data<AppState>,
    api: ApiAccount,
    email: web::Path<String>,
    query: web::Query<CardLinkQuery>,
) -> ApiResult<HttpResponse> {
    let email = RespondentEmail::parse(&email)
        .ok_or_else(|| ApiError::invalid("email", "not a valid e-mail address"))?;
    let longest = CARD_LINK_LONGEST.as_secs() / 60;
    let minutes = query.minutes.unwrap_or(15);
    if !(1..=longest).contains(&minutes) {
        return Err(ApiError::invalid(
            "minutes",
            format!("a link works for 1 to {longest} minutes"),
        ));
    }
    let link = CardLink {
        account_id: api.account.id,
        email,
        expires: crate::clock::now_ms() / 1000 + minutes as i64 * 60,
    };
    let base = match state.settings.public_url_base() {
        Some(base) => base.to_owned(),
        None => {
            let info = request.connection_info();
            format!("{}://{}", info.scheme(), info.host())
        }
    };
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(CardLinkJson {
            url: format!("{base}/card?{}", link.query(&state.key)),
            expires_at: link.expires,
        }))
}
