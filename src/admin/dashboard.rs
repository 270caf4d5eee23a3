//! The dashboard: surveys with responses and delivery health.

use super::session::{app_state, SignedIn};
use super::views::{DashboardPage, SurveyHealthRow};
use super::AdminResult;
use crate::db::DeliveryHealth;
use crate::web::page::render;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::HttpRequest;
use std::collections::HashMap;
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

pub async fn dashboard(request: HttpRequest, signed_in: SignedIn) -> AdminResult {
    let state = app_state(&request);
    let surveys = survey_rows(&state, signed_in.account_id()).await?;
    Ok(render(
        StatusCode::OK,
        &DashboardPage {
            configured: signed_in.account.salesmanago.is_some(),
            layout: signed_in.layout,
            surveys,
        },
    ))
}

/// The account's surveys with their response counts and delivery health.
pub async fn survey_rows(
    state: &AppState,
    account_id: Uuid,
) -> anyhow::Result<Vec<SurveyHealthRow>> {
    let summaries = state.store.surveys(account_id).await?;
    let health: HashMap<Uuid, DeliveryHealth> = state
        .store
        .delivery_health(account_id, crate::clock::now_ms() - DAY_MS)
        .await?
        .into_iter()
        .collect();
    Ok(summaries
        .into_iter()
        .map(|s| SurveyHealthRow {
            id: s.id.to_string(),
            url: state.survey_url(&s.slug),
            title: s.title,
            slug: s.slug,
            responses: s.responses,
            salesmanago_enabled: s.salesmanago_enabled,
            health: health.get(&s.id).copied().unwrap_or_default(),
        })
        .collect())
}
