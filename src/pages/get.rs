use super::access::{browser_cookie, browser_id, has_answered, may_open};
use super::error::{load, PageError};
use crate::domain::{FieldErrors, FormFields};
use crate::submission::{once_per_browser_applies, LoadedSurvey, Trust};
use crate::web::page::{message, render};
use crate::web::security::{allow_framing, framing_policy};
use crate::web::survey_page::{
    questions_html, AnsweredPage, LinkParams, PasswordPage, SurveyPage, ThanksPage,
};
use crate::web::AppState;
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

/// `GET` (and `HEAD`, for link checkers and chat-app previews) `/s/{slug}`.
#[tracing::instrument(name = "show_survey", skip_all, fields(survey.slug = %slug))]
pub async fn show_survey(
    request: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> HttpResponse {
    let loaded = match load(&request, &state, &slug).await {
        Ok(loaded) => loaded,
        Err(page) => return page,
    };
    let mut response = survey_page(&request, &state, &loaded)
        .await
        .unwrap_or_else(|error| error.page(loaded.survey.language));
    // Every form carries its own one-time token: no cache may hand one
    // page to two respondents, and the browser's Back asks the server again
    // (which then knows this browser has answered).
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        CacheControl(vec![CacheDirective::Private, CacheDirective::NoStore])
            .to_string()
            .parse()
            .expect("a valid header value"),
    );
    allow_framing(response, loaded.framing(framing_policy))
}

/// The form, the password gate, or a notice that this browser has answered.
async fn survey_page(
    request: &HttpRequest,
    state: &AppState,
    loaded: &LoadedSurvey,
) -> Result<HttpResponse, PageError> {
    let (stored, survey) = (&loaded.stored, &loaded.survey);
    if let Some(why) = state.submissions.not_taking(loaded).await? {
        return Ok(super::error::not_taking(
            StatusCode::OK,
            survey.language,
            why,
        ));
    }
    let link = LinkParams::from_query(request, survey);
    if !may_open(request, &state.key, stored.id, survey) {
        return Ok(render(
            StatusCode::OK,
            &PasswordPage::new(survey, &link, false),
        ));
    }
    let contact = state
        .submissions
        .contact(loaded, &link.contact(), Trust::Link);
    let mut set_browser = None;
    if once_per_browser_applies(survey, &contact) {
        match browser_id(request) {
            Some(id) if state.submissions.filled_from(loaded, &id).await? => {
                return Ok(message(StatusCode::OK, survey.language, |t| {
                    (t.already_title, t.already_body)
                }));
            }
            Some(_) => {}
            None => set_browser = Some(uuid::Uuid::new_v4().to_string()),
        }
    } else if has_answered(request, stored.id) && !link.again {
        return Ok(render(StatusCode::OK, &AnsweredPage::new(survey, &link)));
    }
    let identity = contact.identity();
    let questions = loaded.blank_questions(identity, |survey, identity| {
        questions_html(
            survey,
            &FormFields::default(),
            &FieldErrors::new(),
            identity,
        )
    });
    let mut response = render(StatusCode::OK, &SurveyPage::blank(survey, questions, &link));
    if let Some(id) = set_browser {
        let _ = response.add_cookie(&browser_cookie(state, &id));
    }
    Ok(response)
}

pub async fn show_thanks(
    request: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> HttpResponse {
    let loaded = match load(&request, &state, &slug).await {
        Ok(loaded) => loaded,
        Err(page) => return page,
    };
    let survey = &loaded.survey;
    let page = ThanksPage {
        lang: survey.language.code(),
        t: survey.language.texts(),
        custom: survey
            .thank_you
            .as_deref()
            .filter(|text| !text.trim().is_empty()),
        slug: survey.slug.as_str(),
        embed: LinkParams::from_query(&request, survey).embed,
    };
    allow_framing(
        render(StatusCode::OK, &page),
        loaded.framing(framing_policy),
    )
}
