use super::access::{
    answered_cookie, browser_cookie, browser_id, may_open, once_per_browser_applies,
};
use super::body::{is_honeypot_filled, read_form, submission_token, BodyError};
use super::link::LinkParams;
use super::load::load_survey;
use super::view::{PasswordPage, SurveyPage};
use crate::db::InsertOutcome;
use crate::db::StoredSurvey;
use crate::domain::{Answers, FormFields, Identity, Language, Survey};
use crate::manage::{record_response, Submission};
use crate::routes::page::{language_of, message, not_found, render, server_error, too_many};
use crate::routes::security::allow_framing;
use crate::state::AppState;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use uuid::Uuid;

fn body_error(language: Language, error: BodyError) -> HttpResponse {
    match error {
        BodyError::TooLarge => message(StatusCode::PAYLOAD_TOO_LARGE, language, |t| {
            (t.too_large_title, t.too_large_body)
        }),
        BodyError::Unreadable => message(StatusCode::BAD_REQUEST, language, |t| {
            (t.bad_request_title, t.bad_request_body)
        }),
        BodyError::TimedOut => message(StatusCode::REQUEST_TIMEOUT, language, |t| {
            (t.bad_request_title, t.bad_request_body)
        }),
    }
}

/// Stores a response and its delivery in one transaction, wakes the worker,
/// and answers 303 only after the commit.
#[tracing::instrument(name = "submit_response", skip_all, fields(survey.slug = %slug, response.id))]
pub async fn submit_response(
    request: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    if let Err(wait) = state.limits.check_submission(&request) {
        state
            .metrics
            .submissions_dropped
            .with_label_values(&["rate_limited"])
            .inc();
        return too_many(language_of(&request), wait);
    }
    let form = match read_form(&request, payload, state.settings.max_body_bytes).await {
        Ok(form) => form,
        Err(error) => return body_error(language_of(&request), error),
    };
    let loaded = match load_survey(&state, &slug).await {
        Ok(Some(loaded)) => loaded,
        Ok(None) => return not_found(language_of(&request)),
        Err(error) => return server_error(language_of(&request), &error),
    };
    let (stored, survey) = (&loaded.stored, &loaded.survey);
    let response = accept(&request, &state, stored, survey, &form).await;
    allow_framing(response, &loaded.framing)
}

/// Everything after the survey is known: access, answers, storage.
async fn accept(
    request: &HttpRequest,
    state: &AppState,
    stored: &StoredSurvey,
    survey: &Survey,
    form: &FormFields,
) -> HttpResponse {
    let link = LinkParams::from_form(form, survey);
    let thanks = || {
        let embed = if link.embed { "?embed=1" } else { "" };
        HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/s/{}/thanks{embed}", survey.slug),
            ))
            .finish()
    };
    if is_honeypot_filled(form) {
        // Looks like success to the bot; nothing is stored or sent.
        tracing::info!("honeypot field filled: submission dropped");
        state
            .metrics
            .submissions_dropped
            .with_label_values(&["honeypot"])
            .inc();
        return thanks();
    }
    let (smclientid, link_note) = link.accepted_smclientid(&state.key, stored, survey);
    if !may_open(request, &state.key, stored.id, survey) {
        return render(
            StatusCode::FORBIDDEN,
            &PasswordPage::new(survey, &link, false),
        );
    }
    let identity = Identity::of_link(&smclientid);
    let answers = match Answers::check(survey, form, identity) {
        Ok(answers) => answers,
        Err(errors) => {
            let page = SurveyPage::new(survey, form, &errors, &link, identity);
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let browser = once_per_browser_applies(survey, link.is_signed(&state.key, stored))
        .then(|| browser_id(request).unwrap_or_else(|| Uuid::new_v4().to_string()));
    let stored_outcome = record_response(
        state.store.as_ref(),
        Submission {
            stored,
            survey,
            answers,
            raw_smclientid: link.smclientid.clone(),
            accepted_smclientid: smclientid,
            notes: link_note.into_iter().collect(),
            hidden: link.hidden.clone(),
            browser_id: browser.clone(),
            submission_token: submission_token(form),
        },
    )
    .await
    .map(|(_, outcome)| outcome);
    let answered = || {
        let mut response = thanks();
        let _ = response.add_cookie(&answered_cookie(state, stored.id, survey.slug.as_str()));
        if let Some(id) = &browser {
            let _ = response.add_cookie(&browser_cookie(state, id));
        }
        response
    };
    match stored_outcome {
        Ok(InsertOutcome::Stored) => {
            state.wake.notify_one();
            state.metrics.responses_received.inc();
            answered()
        }
        // The same form again (double click, resend): it is already stored.
        Ok(InsertOutcome::Duplicate) => {
            state
                .metrics
                .submissions_dropped
                .with_label_values(&["duplicate"])
                .inc();
            answered()
        }
        Ok(InsertOutcome::AlreadyFilled) => message(StatusCode::CONFLICT, survey.language, |t| {
            (t.already_title, t.already_body)
        }),
        Err(error) => server_error(survey.language, &error),
    }
}
