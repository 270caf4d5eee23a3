//! A survey as JSON: exported as the CLI writes it, imported with the same
//! checks and messages (in the admin's language).

use super::auth::see_other;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::views::{problem_text, ImportPage};
use super::{owned_survey, AdminError, AdminResult};
use crate::db::SaveSurveyOutcome;
use crate::manage::{import_survey, ManageError};
use crate::web::page::render;
use actix_session::Session;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};

pub async fn export(
    request: HttpRequest,
    signed_in: SignedIn,
    id: web::Path<String>,
) -> AdminResult {
    let state = app_state(&request);
    let Some(stored) = owned_survey(&state, signed_in.account_id(), &id).await? else {
        return Err(AdminError::NotFound);
    };
    let json = serde_json::to_string_pretty(&stored.document).map_err(anyhow::Error::from)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.json\"", stored.document.slug),
        ))
        .body(json))
}

pub async fn import_page(signed_in: SignedIn) -> AdminResult {
    Ok(render(
        StatusCode::OK,
        &ImportPage {
            layout: signed_in.layout,
            json: String::new(),
            errors: Vec::new(),
        },
    ))
}

pub async fn import(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let json = form.0.first("json").unwrap_or_default().to_owned();
    let errors = match import_survey(
        state.store.as_ref(),
        &state.key,
        signed_in.account_id(),
        &json,
    )
    .await
    {
        Ok((survey, SaveSurveyOutcome::Created(id) | SaveSurveyOutcome::Replaced(id))) => {
            state.submissions.forget(survey.slug.as_str());
            signed_in
                .audit(&request, "survey.import", format!("/s/{}", survey.slug))
                .await?;
            flash(
                &session,
                signed_in
                    .layout
                    .ta("flash-survey-imported", "title", &survey.title),
            );
            return Ok(see_other(&format!("/admin/surveys/{id}")));
        }
        Ok((_, SaveSurveyOutcome::SlugTaken)) => unreachable!("reported as an error"),
        Err(ManageError::InvalidSurvey(errors)) => errors
            .iter()
            .map(|e| format!("{}: {}", e.field, problem_text(&signed_in.layout.tr, e)))
            .collect(),
        Err(ManageError::Invalid(message)) => vec![message],
        Err(error @ ManageError::SlugTaken(_)) => vec![error.to_string()],
        Err(error) => return Err(anyhow::anyhow!("{error:?}").into()),
    };
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &ImportPage {
            layout: signed_in.layout,
            json,
            errors,
        },
    ))
}
