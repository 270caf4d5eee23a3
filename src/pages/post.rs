use super::access::{answered_cookie, browser_cookie, browser_id, may_open};
use super::body::{is_honeypot_filled, read_form};
use super::error::{load, PageError};
use crate::domain::FormFields;
use crate::submission::{LoadedSurvey, Submission, SubmitError, Trust};
use crate::web::page::{language_of, render};
use crate::web::security::{allow_framing, framing_policy};
use crate::web::survey_page::{submission_token, LinkParams, PasswordPage, SurveyPage};
use crate::web::AppState;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};

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
        return PageError::TooMany(wait).page(language_of(&request));
    }
    let form = match read_form(&request, payload, state.settings.max_body_bytes).await {
        Ok(form) => form,
        Err(error) => return PageError::Body(error).page(language_of(&request)),
    };
    let loaded = match load(&request, &state, &slug).await {
        Ok(loaded) => loaded,
        Err(page) => return page,
    };
    let response = accept(&request, &state, &loaded, form)
        .await
        .unwrap_or_else(|error| error.page(loaded.survey.language));
    allow_framing(response, loaded.framing(framing_policy))
}

/// Everything after the survey is known: the form's own checks (bots, the
/// password), then the submission layer, then the redirect and cookies.
async fn accept(
    request: &HttpRequest,
    state: &AppState,
    loaded: &LoadedSurvey,
    form: FormFields,
) -> Result<HttpResponse, PageError> {
    let (stored, survey) = (&loaded.stored, &loaded.survey);
    let link = LinkParams::from_form(&form, survey);
    let thanks = || {
        let embed = if link.embed { "?embed=1" } else { "" };
        HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/s/{}/thanks{embed}", survey.slug),
            ))
            .finish()
    };
    if is_honeypot_filled(&form) {
        // Looks like success to the bot; nothing is stored or sent.
        tracing::info!("honeypot field filled: submission dropped");
        state
            .metrics
            .submissions_dropped
            .with_label_values(&["honeypot"])
            .inc();
        return Ok(thanks());
    }
    if !may_open(request, &state.key, stored.id, survey) {
        return Ok(render(
            StatusCode::FORBIDDEN,
            &PasswordPage::new(survey, &link, false),
        ));
    }
    let submission = Submission {
        token: submission_token(&form),
        link: link.contact(),
        trust: Trust::Link,
        hidden: link.hidden.clone(),
        browser: browser_id(request),
        answers: form,
    };
    // The form goes into the submission; a refused one is shown again from
    // the same fields, which the error does not carry.
    let fields = submission.answers.clone();
    match state.submissions.submit(loaded, submission).await {
        Ok(accepted) => {
            let mut response = thanks();
            let _ = response.add_cookie(&answered_cookie(state, stored.id, survey.slug.as_str()));
            if let Some(id) = &accepted.browser {
                let _ = response.add_cookie(&browser_cookie(state, id));
            }
            Ok(response)
        }
        Err(SubmitError::Invalid { errors, identity }) => {
            let page = SurveyPage::new(survey, &fields, &errors, &link, identity);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(SubmitError::AlreadyFilled) => Err(PageError::AlreadyFilled),
        Err(SubmitError::NotTaking(why)) => Err(PageError::NotTaking(why)),
        Err(SubmitError::Unavailable(error)) => Err(PageError::Unavailable(error)),
    }
}
