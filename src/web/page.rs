//! Rendering askama pages into responses, and the plain message page used
//! for errors (404, 400, 413, 500) and notices.

use crate::domain::{Language, Texts};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

/// Renders `page` with `status`; a template error becomes a bare 500.
pub fn render(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(html) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(error) => {
            tracing::error!(error = %error, "template rendering failed");
            HttpResponse::InternalServerError().body("internal error")
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub body: &'a str,
}

pub fn message(
    status: StatusCode,
    language: Language,
    pick: impl Fn(&Texts) -> (&'static str, &'static str),
) -> HttpResponse {
    let (title, body) = pick(language.texts());
    render(
        status,
        &MessagePage {
            lang: language.code(),
            title,
            body,
        },
    )
}

/// The visitor's language for pages that belong to no survey.
pub fn language_of(request: &HttpRequest) -> Language {
    let accept = request
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    accept
        .split(',')
        .filter_map(|part| Language::parse(part.split(';').next()?.split('-').next()?))
        .next()
        .unwrap_or(Language::En)
}

pub fn not_found(language: Language) -> HttpResponse {
    message(StatusCode::NOT_FOUND, language, |t| {
        (t.not_found_title, t.not_found_body)
    })
}

/// The page for a failure of the server: 503 with Retry-After while the
/// database is away (it says the answers were not saved: try again), a
/// 500 for anything else.
pub fn server_error(language: Language, error: &anyhow::Error) -> HttpResponse {
    if crate::db::is_unavailable(error) {
        tracing::warn!(
            error = format!("{error:#}"),
            "request refused: the database is unavailable"
        );
        let response = message(StatusCode::SERVICE_UNAVAILABLE, language, |t| {
            (t.error_title, t.error_body)
        });
        return retry_after(response, UNAVAILABLE_RETRY_AFTER_SECS);
    }
    tracing::error!(error = ?error, "request failed");
    message(StatusCode::INTERNAL_SERVER_ERROR, language, |t| {
        (t.error_title, t.error_body)
    })
}

/// Retry-After on the 503s a missing database causes: about as long as a
/// PostgreSQL restart or a fail-over takes.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

/// 429 with `Retry-After` (whole seconds, at least one).
pub fn too_many(language: Language, wait: std::time::Duration) -> HttpResponse {
    let response = message(StatusCode::TOO_MANY_REQUESTS, language, |t| {
        (t.too_many_title, t.too_many_body)
    });
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    retry_after(response, seconds.max(1))
}

/// `response` with `Retry-After: seconds`.
pub fn retry_after(mut response: HttpResponse, seconds: u64) -> HttpResponse {
    response.headers_mut().insert(
        actix_web::http::header::RETRY_AFTER,
        actix_web::http::header::HeaderValue::from(seconds),
    );
    response
}
