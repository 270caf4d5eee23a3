//! `/api/v1/surveys`: the same JSON format, checks and messages as import.

use super::auth::ApiAccount;
use super::body::read_json;
use super::error::{ApiError, ApiResult};
use super::models::{SurveyDetail, SurveyList, SurveyListItem};
use crate::db::{SaveSurveyOutcome, StoredSurvey};
use crate::domain::SurveyDocument;
use crate::manage::{save_survey_document, ManageError};
use crate::web::AppState;
use actix_web::{web, HttpResponse};

/// The account's survey with this slug; another account's answers 404.
pub async fn owned(state: &AppState, api: &ApiAccount, slug: &str) -> ApiResult<StoredSurvey> {
    match state.store.survey_by_slug(slug).await? {
        Some(stored) if stored.account_id == api.account.id => Ok(stored),
        _ => Err(ApiError::not_found("survey")),
    }
}

fn manage_error(error: ManageError) -> ApiError {
    match error {
        ManageError::InvalidSurvey(errors) => {
            let message = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            let field = errors.first().map(|e| e.field.clone()).unwrap_or_default();
            ApiError::invalid(field, message)
        }
        ManageError::SlugTaken(slug) => {
            ApiError::conflict(format!("the slug {slug:?} is taken by another survey"))
                .field("slug")
        }
        ManageError::Invalid(message) => ApiError::invalid("body", message),
        ManageError::Field { field, message } => ApiError::invalid(field, message),
        other => anyhow::anyhow!("{other:?}").into(),
    }
}

/// List the account's surveys.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys",
    responses((status = 200, body = SurveyList), (status = 401, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn list(state: web::Data<AppState>, api: ApiAccount) -> ApiResult<HttpResponse> {
    let surveys = state.store.surveys(api.account.id).await?;
    let data = surveys
        .into_iter()
        .map(|s| {
            let url = state.survey_url(&s.slug);
            SurveyListItem::new(s, url)
        })
        .collect();
    Ok(HttpResponse::Ok().json(SurveyList { data }))
}

/// Read one survey.
#[utoipa::path(get, path = "/api/v1/surveys/{slug}", tag = "surveys",
    params(("slug" = String, Path)),
    responses((status = 200, body = SurveyDetail), (status = 404, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn get(
    state: web::Data<AppState>,
    api: ApiAccount,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let stored = owned(&state, &api, &slug).await?;
    let url = state.survey_url(&stored.document.slug);
    Ok(HttpResponse::Ok().json(SurveyDetail::new(stored, url)))
}

/// Create a survey from its JSON document.
#[utoipa::path(post, path = "/api/v1/surveys", tag = "surveys",
    request_body = SurveyDocument,
    responses((status = 201, body = SurveyDetail), (status = 409, body = super::error::ErrorBody),
              (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    api: ApiAccount,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let document: SurveyDocument = read_json(payload).await?;
    if state.store.survey_by_slug(&document.slug).await?.is_some() {
        return Err(ApiError::conflict(format!(
            "a survey with the slug {:?} exists; PUT /api/v1/surveys/{} replaces your own",
            document.slug, document.slug
        ))
        .field("slug"));
    }
    let (survey, _) =
        save_survey_document(state.store.as_ref(), &state.key, api.account.id, document)
            .await
            .map_err(manage_error)?;
    api.audit(&state, "survey.create", format!("/s/{}", survey.slug))
        .await?;
    let stored = owned(&state, &api, survey.slug.as_str()).await?;
    let url = state.survey_url(survey.slug.as_str());
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/surveys/{}", survey.slug)))
        .json(SurveyDetail::new(stored, url)))
}

/// Replace a survey's document (the slug stays).
#[utoipa::path(put, path = "/api/v1/surveys/{slug}", tag = "surveys",
    params(("slug" = String, Path)),
    request_body = SurveyDocument,
    responses((status = 200, body = SurveyDetail), (status = 404, body = super::error::ErrorBody),
              (status = 422, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn replace(
    state: web::Data<AppState>,
    api: ApiAccount,
    slug: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let existing = owned(&state, &api, &slug).await?;
    let document: SurveyDocument = read_json(payload).await?;
    if document.slug != existing.document.slug {
        return Err(ApiError::invalid(
            "slug",
            format!(
                "the document's slug must be {:?}: a survey's link never changes",
                existing.document.slug
            ),
        ));
    }
    let (survey, outcome) =
        save_survey_document(state.store.as_ref(), &state.key, api.account.id, document)
            .await
            .map_err(manage_error)?;
    debug_assert!(matches!(outcome, SaveSurveyOutcome::Replaced(_)));
    state.submissions.forget(survey.slug.as_str());
    api.audit(&state, "survey.save", format!("/s/{}", survey.slug))
        .await?;
    let stored = owned(&state, &api, survey.slug.as_str()).await?;
    let url = state.survey_url(survey.slug.as_str());
    Ok(HttpResponse::Ok().json(SurveyDetail::new(stored, url)))
}

/// Delete a survey with all its responses and deliveries.
#[utoipa::path(delete, path = "/api/v1/surveys/{slug}", tag = "surveys",
    params(("slug" = String, Path)),
    responses((status = 204), (status = 404, body = super::error::ErrorBody)),
    security(("token" = [])))]
pub async fn delete(
    state: web::Data<AppState>,
    api: ApiAccount,
    slug: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let existing = owned(&state, &api, &slug).await?;
    let Some(deleted) = state
        .store
        .delete_survey(api.account.id, existing.id)
        .await?
    else {
        return Err(ApiError::not_found("survey"));
    };
    state.submissions.forget(&slug);
    tracing::info!(
        survey.id = %existing.id,
        responses = deleted.responses,
        deliveries = deleted.deliveries,
        "survey deleted through the API"
    );
    api.audit(
        &state,
        "survey.delete",
        format!(
            "/s/{}: {} responses, {} deliveries",
            existing.document.slug, deleted.responses, deleted.deliveries
        ),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
