//! Security headers on every response. Survey pages may be framed by the
//! sites the survey allows (embedding); every other page by nobody.

use crate::domain::Survey;
use actix_web::http::header::{HeaderName, HeaderValue, CONTENT_SECURITY_POLICY};
use actix_web::middleware::DefaultHeaders;
use actix_web::HttpResponse;

/// No inline script anywhere: pages work without JavaScript, and injected
/// markup could not run script even if escaping ever failed.
const BASE_CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; base-uri 'none'; object-src 'none'";

/// Added where a handler did not set its own.
pub fn default_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        // smclientid links must not leak to other sites through Referer.
        .add(("Referrer-Policy", "no-referrer"))
        .add((
            CONTENT_SECURITY_POLICY,
            format!("{BASE_CSP}; frame-ancestors 'none'"),
        ))
        .add(("X-Frame-Options", "DENY"))
}

/// Lets the survey's allowed sites (by default any site) frame this page.
pub fn allow_framing(mut response: HttpResponse, survey: &Survey) -> HttpResponse {
    let ancestors = if survey.embed_allowed_sites.is_empty() {
        "*".to_owned()
    } else {
        survey.embed_allowed_sites.join(" ")
    };
    let policy = format!("{BASE_CSP}; frame-ancestors {ancestors}");
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    // frame-ancestors supersedes X-Frame-Options; an explicit ALLOWALL-free
    // response keeps old browsers from refusing the embed.
    headers.remove(HeaderName::from_static("x-frame-options"));
    response
}
