use super::access::{access_cookie, password_matches};
use super::body::read_form;
use super::error::{load, PageError};
use crate::domain::survey::Access;
use crate::web::page::render;
use crate::web::security::{allow_framing, framing_policy};
use crate::web::survey_page::{LinkParams, PasswordPage};
use crate::web::AppState;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};

/// Checks a password survey's password and lets the browser in with a cookie.
pub async fn unlock_survey(
    request: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let loaded = match load(&request, &state, &slug).await {
        Ok(loaded) => loaded,
        Err(page) => return page,
    };
    let (stored, survey) = (&loaded.stored, &loaded.survey);
    if let Err(wait) = state.limits.check_password(&request) {
        return PageError::TooMany(wait).page(survey.language);
    }
    let form = read_form(&request, payload, 16 * 1024)
        .await
        .unwrap_or_default();
    let link = LinkParams::from_form(&form, survey);
    let target = format!("/s/{}{}", survey.slug, link.query_string());
    let Access::Password(expected) = &survey.access else {
        return HttpResponse::SeeOther()
            .insert_header((header::LOCATION, target))
            .finish();
    };
    let given = form.first("password").unwrap_or_default();
    if !password_matches(&state.key, stored.id, expected, given) {
        let page = render(
            StatusCode::UNAUTHORIZED,
            &PasswordPage::new(survey, &link, true),
        );
        return allow_framing(page, loaded.framing(framing_policy));
    }
    let mut response = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, target))
        .finish();
    let _ = response.add_cookie(&access_cookie(
        &state,
        stored.id,
        survey.slug.as_str(),
        expected,
    ));
    response
}
