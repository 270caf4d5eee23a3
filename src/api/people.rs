//! `GET /api/v1/people?email=…` (or `?contact_id=…`): everything stored
//! about a person in the token's account; `DELETE` the same: its erasure.

use super::auth::ApiAccount;
use super::error::{ApiError, ApiResult};
use crate::domain::person::{Person, PersonError};
use crate::manage::{erase_person, export_person, ManageError};
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct PersonQuery {
    /// The person's e-mail, matched whatever its case.
    email: Option<String>,
    /// Or their SALESmanago contact id.
    contact_id: Option<String>,
}

impl PersonQuery {
    fn person(&self) -> ApiResult<Person> {
        Person::parse(self.email.as_deref(), self.contact_id.as_deref()).map_err(|error| {
            let field = match error {
                PersonError::BadContactId(_) => "contact_id",
                _ => "email",
            };
            ApiError::invalid(field, error.to_string())
        })
    }
}

/// What an erasure deleted.
#[derive(Serialize, ToSchema)]
pub struct ErasedJson {
    pub responses: u64,
    pub deliveries: u64,
    /// Deliveries not yet sent, cancelled.
    pub cancelled: u64,
    /// Deliveries being sent at that moment: SALESmanago may have them.
    pub in_flight: u64,
    /// Thulium chats waiting for their close.
    pub chats: u64,
}

fn manage_error(error: ManageError) -> ApiError {
    match error {
        ManageError::Unexpected(error) => error.into(),
        other => ApiError::invalid("email", other.to_string()),
    }
}

/// Everything stored about the person in the account, as one document:
/// responses (answers, hidden values, what was sent and every attempt),
/// contact-center events, waiting chats. Recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(PersonQuery),
    responses((status = 200, body = Object), (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn export(
    state: web::Data<AppState>,
    api: ApiAccount,
    query: web::Query<PersonQuery>,
) -> ApiResult<HttpResponse> {
    let person = query.person()?;
    let document = export_person(
        state.store.as_ref(),
        api.account.id,
        &person,
        &api.actor,
        crate::clock::now_ms(),
    )
    .await
    .map_err(manage_error)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(document))
}

/// Erases the person in the account: deliveries first (those not yet sent
/// are cancelled), then responses with their webhook posts, then waiting
/// chats. Other accounts are never touched. The audit log keeps the counts.
#[utoipa::path(delete, path = "/api/v1/people", tag = "people", params(PersonQuery),
    responses((status = 200, body = ErasedJson), (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn erase(
    state: web::Data<AppState>,
    api: ApiAccount,
    query: web::Query<PersonQuery>,
) -> ApiResult<HttpResponse> {
    let person = query.person()?;
    let erased = erase_person(
        state.store.as_ref(),
        api.account.id,
        &person,
        &api.actor,
        crate::clock::now_ms(),
    )
    .await
    .map_err(manage_error)?;
    Ok(HttpResponse::Ok().json(ErasedJson {
        responses: erased.responses,
        deliveries: erased.deliveries,
        cancelled: erased.cancelled,
        in_flight: erased.in_flight,
        chats: erased.chats,
    }))
}
