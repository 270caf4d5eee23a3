//! The account's SALESmanago access (the secret is write-only).

use super::auth::ApiAccount;
use super::body::read_json;
use super::error::{ApiError, ApiResult};
use super::models::{SalesmanagoInputJson, SalesmanagoJson, SavedSalesmanagoJson};
use crate::manage::{set_salesmanago, ManageError, SalesmanagoInput};
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use secrecy::SecretString;

/// Read the SALESmanago settings (never the secret).
#[utoipa::path(get, path = "/api/v1/salesmanago", tag = "salesmanago",
    responses((status = 200, body = SalesmanagoJson)),
    security(("token" = [])))]
pub async fn get(api: ApiAccount) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(SalesmanagoJson::from(&api.account)))
}

/// Save the SALESmanago settings; saving resumes paused deliveries.
#[utoipa::path(put, path = "/api/v1/salesmanago", tag = "salesmanago",
    request_body = SalesmanagoInputJson,
    responses((status = 200, body = SavedSalesmanagoJson), (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn set(
    state: web::Data<AppState>,
    api: ApiAccount,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let input: SalesmanagoInputJson = read_json(payload).await?;
    let resumed = set_salesmanago(
        state.store.as_ref(),
        &state.key,
        api.account.id,
        SalesmanagoInput {
            endpoint: input.endpoint,
            client_id: input.client_id,
            owner: input.owner,
            api_secret: input.api_secret.map(SecretString::from),
            property_prefix: input.property_prefix,
        },
        state.settings.endpoint_policy(),
    )
    .await
    .map_err(|error| match error {
        ManageError::Field { field, message } => ApiError::invalid(field, message),
        other => anyhow::anyhow!("{other:?}").into(),
    })?;
    state.wake.deliveries_due();
    api.audit(
        &state,
        "salesmanago.save",
        "endpoint, client id, owner, API secret",
    )
    .await?;
    let account = state
        .store
        .account(api.account.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the account disappeared"))?;
    Ok(HttpResponse::Ok().json(SavedSalesmanagoJson {
        settings: SalesmanagoJson::from(&account),
        resumed,
    }))
}
