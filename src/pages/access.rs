//! Who may see and fill a survey: the password cookie and the browser id
//! that enforces one fill per browser.

use crate::crypto::ServerKey;
use crate::domain::survey::Access;
use crate::domain::Survey;
use crate::web::AppState;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::HttpRequest;
use uuid::Uuid;

pub const BROWSER_COOKIE: &str = "ankieter_browser";

fn access_cookie_name(survey_id: Uuid) -> String {
    format!("ankieter_access_{}", survey_id.simple())
}

fn answered_cookie_name(survey_id: Uuid) -> String {
    format!("ankieter_answered_{}", survey_id.simple())
}

/// How long a browser that answered is asked before it answers again.
const ANSWERED_FOR: CookieDuration = CookieDuration::days(30);

/// Changing the password invalidates every cookie made with the old one.
fn access_message(survey_id: Uuid, password: &str) -> String {
    format!("survey-access:{survey_id}:{password}")
}

pub fn password_matches(key: &ServerKey, survey_id: Uuid, expected: &str, given: &str) -> bool {
    // Comparing HMACs keeps the comparison constant-time.
    key.verify(
        &access_message(survey_id, expected),
        &key.sign(&access_message(survey_id, given)),
    )
}

pub fn access_cookie(
    state: &AppState,
    survey_id: Uuid,
    slug: &str,
    password: &str,
) -> Cookie<'static> {
    Cookie::build(
        access_cookie_name(survey_id),
        state.key.sign(&access_message(survey_id, password)),
    )
    .path(format!("/s/{slug}"))
    .http_only(true)
    .secure(state.secure_cookies())
    .same_site(same_site(state))
    .finish()
}

/// Embedded surveys live in another site's iframe, where only
/// `SameSite=None; Secure` cookies are sent; that needs https. Over plain
/// http (development) cookies stay `Lax` and work on ankieter's own pages.
fn same_site(state: &AppState) -> SameSite {
    if state.secure_cookies() {
        SameSite::None
    } else {
        SameSite::Lax
    }
}

/// Set when this browser's response is stored, so that the form shown again
/// (the browser's Back, a second visit) asks before a second response.
pub fn answered_cookie(state: &AppState, survey_id: Uuid, slug: &str) -> Cookie<'static> {
    Cookie::build(answered_cookie_name(survey_id), "1")
        .path(format!("/s/{slug}"))
        .http_only(true)
        .secure(state.secure_cookies())
        .same_site(same_site(state))
        .max_age(ANSWERED_FOR)
        .finish()
}

/// Whether this browser has answered the survey (see [`answered_cookie`]).
pub fn has_answered(request: &HttpRequest, survey_id: Uuid) -> bool {
    request.cookie(&answered_cookie_name(survey_id)).is_some()
}

/// False only for a password survey without a valid access cookie.
pub fn may_open(request: &HttpRequest, key: &ServerKey, survey_id: Uuid, survey: &Survey) -> bool {
    match &survey.access {
        Access::Password(password) => request
            .cookie(&access_cookie_name(survey_id))
            .is_some_and(|c| key.verify(&access_message(survey_id, password), c.value())),
        Access::Open | Access::OncePerBrowser => true,
    }
}

pub fn browser_id(request: &HttpRequest) -> Option<String> {
    let cookie = request.cookie(BROWSER_COOKIE)?;
    Uuid::try_parse(cookie.value())
        .ok()
        .map(|id| id.to_string())
}

pub fn browser_cookie(state: &AppState, id: &str) -> Cookie<'static> {
    Cookie::build(BROWSER_COOKIE, id.to_owned())
        .path("/s/")
        .http_only(true)
        .secure(state.secure_cookies())
        .same_site(same_site(state))
        .max_age(CookieDuration::days(730))
        .finish()
}
