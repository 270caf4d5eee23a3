use super::access::{access_cookie, password_matches};
use super::body::read_form;
use super::link::LinkParams;
use super::load::load_survey;
use super::view::PasswordPage;
use crate::domain::survey::Access;
use crate::routes::page::{language_of, not_found, render, server_error, too_many};
use crate::routes::security::allow_framing;
use crate::state::AppState;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};

/// Checks a password survey's password and lets the browser in with a cookie.
pub async fn unlock_survey(
    request: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let loaded = match load_survey(&state, &slug).await {
        Ok(Some(loaded)) => loaded,
        Ok(None) => return not_found(language_of(&request)),
        Err(error) => return server_error(language_of(&request), &error),
    };
    let (stored, survey) = (&loaded.stored, &loaded.survey);
    if let Err(wait) = state.limits.check_password(&request) {
        return too_many(survey.language, wait);
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
        return allow_framing(page, &loaded.framing);
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
