//! Deleting a survey: a page that says what goes with it (responses,
//! deliveries, those not sent yet) and asks for the survey's link to be
//! typed before anything is deleted; then the deletion, in batches, and a
//! flash with what was deleted.

use super::auth::see_other;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::views::Layout;
use super::{owned_survey, AdminError, AdminResult};
use crate::db::{StoredSurvey, SurveyFootprint};
use crate::web::page::render;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/delete_survey.html")]
pub struct DeleteSurveyPage {
    pub layout: Layout,
    pub survey_id: String,
    pub title: String,
    pub slug: String,
    pub footprint: SurveyFootprint,
    /// The confirmation typed did not match the link.
    pub mismatch: bool,
}

impl DeleteSurveyPage {
    pub fn asks_for_link(&self) -> bool {
        asks_for_link(&self.footprint)
    }
}

/// Whether the admin must type the link: only when something would be
/// lost with the survey.
fn asks_for_link(footprint: &SurveyFootprint) -> bool {
    footprint.responses > 0
}

/// The account's survey and what deleting it would take; another
/// account's (or no) survey is a 404.
async fn survey_and_footprint(
    state: &AppState,
    signed_in: &SignedIn,
    raw_id: &str,
) -> Result<(StoredSurvey, SurveyFootprint), AdminError> {
    let account_id = signed_in.account_id();
    let Some(stored) = owned_survey(state, account_id, raw_id).await? else {
        return Err(AdminError::NotFound);
    };
    let footprint = state
        .store
        .survey_footprint(account_id, stored.id)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok((stored, footprint))
}

pub async fn confirm(
    request: HttpRequest,
    signed_in: SignedIn,
    id: web::Path<String>,
) -> AdminResult {
    let state = app_state(&request);
    let (stored, footprint) = survey_and_footprint(&state, &signed_in, &id).await?;
    Ok(page(signed_in, &stored, footprint, false, StatusCode::OK))
}

pub async fn delete(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let account_id = signed_in.account_id();
    let (stored, footprint) = survey_and_footprint(&state, &signed_in, &id).await?;
    let typed = form.0.first("confirm_slug").unwrap_or_default().trim();
    if asks_for_link(&footprint) && typed != stored.document.slug {
        return Ok(page(
            signed_in,
            &stored,
            footprint,
            true,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let Some(deleted) = state.store.delete_survey(account_id, stored.id).await? else {
        return Err(AdminError::NotFound);
    };
    state.submissions.forget(&stored.document.slug);
    tracing::info!(
        survey.id = %stored.id,
        responses = deleted.responses,
        deliveries = deleted.deliveries,
        pending = deleted.pending,
        "survey deleted in the admin"
    );
    signed_in
        .audit(
            &request,
            "survey.delete",
            format!(
                "/s/{}: {} responses, {} deliveries",
                stored.document.slug, deleted.responses, deleted.deliveries
            ),
        )
        .await?;
    let layout = &signed_in.layout;
    let what = format!(
        "{}, {}",
        layout.tn("responses-count", deleted.responses),
        layout.tn("deliveries-count", deleted.deliveries)
    );
    flash(
        &session,
        layout.tr.tas(
            "flash-survey-deleted",
            &[("title", stored.document.title.clone()), ("what", what)],
        ),
    );
    Ok(see_other("/admin/surveys"))
}

fn page(
    signed_in: SignedIn,
    stored: &StoredSurvey,
    footprint: SurveyFootprint,
    mismatch: bool,
    status: StatusCode,
) -> actix_web::HttpResponse {
    render(
        status,
        &DeleteSurveyPage {
            layout: signed_in.layout,
            survey_id: stored.id.to_string(),
            title: stored.document.title.clone(),
            slug: stored.document.slug.clone(),
            footprint,
            mismatch,
        },
    )
}
