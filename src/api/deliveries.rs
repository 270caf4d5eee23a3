//! Deliveries to SALESmanago: list, read with every attempt, retry.

use super::auth::ApiAccount;
use super::error::{ApiError, ApiResult};
use super::models::{
    next_cursor, page_params, status_param, AttemptJson, DeliveryJson, DeliveryPage, RetryJson,
};
use crate::db::{DeliveryFilter, DeliveryKind, DeliveryRecord};
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct DeliveryQuery {
    /// `pending`, `delivered`, `failed`, `paused`, `skipped` or `ignored`.
    status: Option<String>,
    /// `response` (survey responses) or `event` (contact-center interactions).
    kind: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1–500, default 50.
    limit: Option<i64>,
}

async fn owned(state: &AppState, api: &ApiAccount, raw: &str) -> ApiResult<DeliveryRecord> {
    let found = match Uuid::parse_str(raw) {
        Ok(id) => state.store.delivery(Some(api.account.id), id).await?,
        Err(_) => None,
    };
    found.ok_or_else(|| ApiError::not_found("delivery"))
}

/// The account's deliveries, newest first.
#[utoipa::path(get, path = "/api/v1/deliveries", tag = "deliveries", params(DeliveryQuery),
    responses((status = 200, body = DeliveryPage), (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn list(
    state: web::Data<AppState>,
    api: ApiAccount,
    query: web::Query<DeliveryQuery>,
) -> ApiResult<HttpResponse> {
    let (limit, before) = page_params(query.limit, query.cursor.as_deref())?;
    let status = status_param(query.status.as_deref())?;
    let kind = match query.kind.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(
            DeliveryKind::parse(raw)
                .ok_or_else(|| ApiError::invalid("kind", "kind must be response or event"))?,
        ),
    };
    let deliveries = state
        .store
        .deliveries(&DeliveryFilter {
            account_id: Some(api.account.id),
            status,
            kind,
            limit,
            before,
            ..DeliveryFilter::default()
        })
        .await?;
    let next_cursor = next_cursor(
        deliveries.len(),
        limit,
        deliveries.last().map(|d| (d.created_at, d.id)),
    );
    Ok(HttpResponse::Ok().json(DeliveryPage {
        data: deliveries.into_iter().map(DeliveryJson::from).collect(),
        next_cursor,
    }))
}

/// One delivery with every attempt.
#[utoipa::path(get, path = "/api/v1/deliveries/{id}", tag = "deliveries",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = DeliveryJson), (status = 404, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    api: ApiAccount,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let delivery = owned(&state, &api, &id).await?;
    let history = state.store.attempts(delivery.id).await?;
    let mut json = DeliveryJson::from(delivery);
    json.history = Some(history.into_iter().map(AttemptJson::from).collect());
    Ok(HttpResponse::Ok().json(json))
}

/// Send a failed or paused delivery again now (a paused one resumes the account).
#[utoipa::path(post, path = "/api/v1/deliveries/{id}/retry", tag = "deliveries",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RetryJson), (status = 404, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn retry(
    state: web::Data<AppState>,
    api: ApiAccount,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let delivery = owned(&state, &api, &id).await?;
    let retried = state
        .store
        .retry_delivery(Some(api.account.id), delivery.id, crate::clock::now_ms())
        .await?;
    state.wake.deliveries_due();
    if retried {
        api.audit(&state, "delivery.retry", delivery.id.to_string())
            .await?;
    }
    Ok(HttpResponse::Ok().json(RetryJson { retried }))
}
