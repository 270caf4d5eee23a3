use super::access::{browser_cookie, browser_id, has_answered, may_open, once_per_browser_applies};
use super::link::LinkParams;
use super::load::{load_survey, LoadedSurvey};
use super::view::{AnsweredPage, PasswordPage, SurveyPage, ThanksPage};
use crate::domain::Identity;
use crate::routes::page::{language_of, message, not_found, render, server_error};
use crate::routes::security::allow_framing;
use crate::state::AppState;
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
    let loaded = match load_survey(&state, &slug).await {
        Ok(Some(loaded)) => loaded,
        Ok(None) => return not_found(language_of(&request)),
        Err(error) => return server_error(language_of(&request), &error),
    };
    let mut response = survey_page(&request, &state, &loaded).await;
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
    allow_framing(response, &loaded.framing)
}

/// The form, the password gate, or a notice that this browser has answered.
async fn survey_page(
    request: &HttpRequest,
    state: &AppState,
    loaded: &LoadedSurvey,
) -> HttpResponse {
    let (stored, survey) = (&loaded.stored, &loaded.survey);
    let link = LinkParams::from_query(request, survey);
    if !may_open(request, &state.key, stored.id, survey) {
        return render(StatusCode::OK, &PasswordPage::new(survey, &link, false));
    }
    let (smclientid, _) = link.accepted_smclientid(&state.key, stored, survey);
    let mut set_browser = None;
    if once_per_browser_applies(survey, link.is_signed(&state.key, stored)) {
        match browser_id(request) {
            Some(id) => match state.store.has_browser_response(stored.id, &id).await {
                Ok(true) => {
                    return message(StatusCode::OK, survey.language, |t| {
                        (t.already_title, t.already_body)
                    })
                }
                Ok(false) => {}
                Err(error) => return server_error(survey.language, &error),
            },
            None => set_browser = Some(uuid::Uuid::new_v4().to_string()),
        }
    } else if has_answered(request, stored.id) && !link.again {
        return render(StatusCode::OK, &AnsweredPage::new(survey, &link));
    }
    let identity = Identity::of_link(&smclientid);
    let page = SurveyPage::blank(survey, loaded.blank_questions(identity), &link);
    let mut response = render(StatusCode::OK, &page);
    if let Some(id) = set_browser {
        let _ = response.add_cookie(&browser_cookie(state, &id));
    }
    response
}

pub async fn show_thanks(
    request: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> HttpResponse {
    match load_survey(&state, &slug).await {
        Ok(Some(loaded)) => {
            let survey = &loaded.survey;
            let t = survey.language.texts();
            let page = ThanksPage {
                lang: survey.language.code(),
                t,
                custom: survey
                    .thank_you
                    .as_deref()
                    .filter(|text| !text.trim().is_empty()),
                slug: survey.slug.as_str(),
                embed: LinkParams::from_query(&request, survey).embed,
            };
            allow_framing(render(StatusCode::OK, &page), &loaded.framing)
        }
        Ok(None) => not_found(language_of(&request)),
        Err(error) => server_error(language_of(&request), &error),
    }
}
