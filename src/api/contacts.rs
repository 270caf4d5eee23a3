//! `GET /api/v1/contacts/{email}`: the contact card as JSON — what
//! SALESmanago knows about the e-mail and what ankieter sent for it.

use super::auth::ApiAccount;
use super::error::{ApiError, ApiResult};
use super::models::DeliveryJson;
use crate::contacts::InSalesmanago;
use crate::domain::RespondentEmail;
use crate::salesmanago::CardContact;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

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
            message: Some(message),
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
