//! Sign-in and sign-out.

use super::session::{app_state, csrf_token, sign_in, sign_out, CheckedForm, SignedIn};
use super::spoken::remember;
use super::views::{language_choices, LoginPage};
use crate::domain::Language;
use crate::i18n::Tr;
use crate::manage::{authenticate, normalise_email};
use crate::web::page::render;
use crate::web::sign_in_lock::SignInLock;
use actix_session::Session;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use secrecy::SecretString;

/// The largest sign-in form accepted, in bytes.
pub const LOGIN_BODY_LIMIT: usize = 8 * 1024;
/// The longest e-mail address there is (RFC 5321's path limit less `<>`).
const MAX_EMAIL_BYTES: usize = 254;

#[derive(serde::Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    /// A language picked on the sign-in page itself.
    lang: Option<String>,
}

pub async fn login_page(
    signed_in: Option<SignedIn>,
    session: Session,
    query: web::Query<LoginQuery>,
) -> HttpResponse {
    let next = safe_next(query.next.as_deref());
    if signed_in.is_some() {
        return see_other(next);
    }
    let language = match query.lang.as_deref().and_then(Language::parse) {
        Some(picked) => {
            remember(&session, picked);
            picked
        }
        None => crate::i18n::current().language(),
    };
    render(
        StatusCode::OK,
        &LoginPage {
            tr: Tr::new(language),
            languages: language_choices(language),
            csrf: &csrf_token(&session),
            next,
            email: "",
            error: None,
        },
    )
}

pub async fn login(request: HttpRequest, session: Session, form: CheckedForm) -> HttpResponse {
    let state = app_state(&request);
    let form = form.0;
    let email = form.first("email").unwrap_or_default().trim().to_owned();
    let password = SecretString::from(form.first("password").unwrap_or_default().to_owned());
    let next = safe_next(form.first("next"));
    let tr = crate::i18n::current();
    let page = |status: StatusCode, error: String| {
        render(
            status,
            &LoginPage {
                tr,
                languages: language_choices(tr.language()),
                csrf: &csrf_token(&session),
                next,
                email: &email,
                error: Some(error),
            },
        )
    };
    // Before anything else: an e-mail this long is no admin's, and it
    // would become a rate limiter's key.
    if email.len() > MAX_EMAIL_BYTES {
        return page(
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t("login-email-too-long"),
        );
    }
    let too_many = |wait: std::time::Duration| {
        let seconds = wait.as_secs().max(1);
        let mut response = page(
            StatusCode::TOO_MANY_REQUESTS,
            tr.tn("login-too-many", seconds as i64),
        );
        if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    };
    let key = normalise_email(&email);
    let lock = SignInLock {
        store: state.store.as_ref(),
        key: &state.key,
    };
    let address = state.limits.client_ip(&request);
    if let Err(wait) = state.limits.check_login(&request) {
        return too_many(wait);
    }
    if let Err(wait) = lock.check(&key, address, crate::clock::now_ms()).await {
        return too_many(wait);
    }
    match authenticate(state.store.as_ref(), &email, &password).await {
        Ok(Some(admin)) => {
            tracing::info!(admin.id = %admin.id, "admin signed in");
            sign_in(&session, &admin);
            see_other(next)
        }
        Ok(None) => {
            lock.failed(&key, address, crate::clock::now_ms()).await;
            page(StatusCode::UNAUTHORIZED, tr.t("login-wrong"))
        }
        Err(error) => {
            tracing::error!(error = ?error, "sign-in failed");
            page(
                StatusCode::INTERNAL_SERVER_ERROR,
                tr.t("login-failed-our-side"),
            )
        }
    }
}

pub async fn logout(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    _form: CheckedForm,
) -> HttpResponse {
    let state = app_state(&request);
    if let Err(error) = sign_out(&session, state.store.as_ref(), &signed_in.admin).await {
        // This browser's session is gone either way; copies may live on.
        tracing::error!(error = format!("{error:#}"), admin.id = %signed_in.admin.id, "cannot end the admin's other sessions");
    }
    see_other("/admin/login")
}

/// Only paths inside the admin: `next` must not send anyone to another site.
pub(super) fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with("/admin")
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.starts_with("/admin/login") =>
        {
            path
        }
        _ => "/admin",
    }
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_inside_the_admin() {
        assert_eq!(safe_next(Some("/admin/surveys")), "/admin/surveys");
        assert_eq!(safe_next(Some("https://evil.example")), "/admin");
        assert_eq!(safe_next(Some("//evil.example")), "/admin");
        assert_eq!(safe_next(Some("/admin/login?next=x")), "/admin");
        assert_eq!(safe_next(None), "/admin");
    }
}
