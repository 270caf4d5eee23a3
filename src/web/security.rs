//! Security headers on every response. Survey pages may be framed by the
//! sites the survey allows (embedding); every other page by nobody.

use crate::domain::Survey;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue, CONTENT_SECURITY_POLICY};
use actix_web::middleware::DefaultHeaders;
use actix_web::middleware::Next;
use actix_web::HttpResponse;

/// No inline script anywhere: pages work without JavaScript, and injected
/// markup could not run script even if escaping ever failed.
const BASE_CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; base-uri 'none'; object-src 'none'";

/// For pages any site may frame: the embeddable contact card, whose key or
/// signed link is what authorises it.
pub const FRAMABLE_CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors *";

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
}

/// `X-Frame-Options: DENY` for browsers too old for `frame-ancestors`, on
/// every response that may not be framed. Added after the handler, and only
/// where the response's own policy forbids framing: survey pages and the
/// contact card carry a policy that allows it (a default header would deny
/// them even there, since it is added after the handler had its say).
pub async fn deny_framing_where_forbidden(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    let framable = headers
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|policy| policy.to_str().ok())
        .is_some_and(|policy| !policy.contains("frame-ancestors 'none'"));
    if !framable {
        headers.insert(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        );
    }
    Ok(response)
}

/// The policy that lets the survey's allowed sites (by default any site)
/// frame its pages; computed once per loaded survey.
pub fn framing_policy(survey: &Survey) -> HeaderValue {
    let ancestors = if survey.embed_allowed_sites.is_empty() {
        "*".to_owned()
    } else {
        survey.embed_allowed_sites.join(" ")
    };
    // Origins were checked when the survey was imported, so this is valid.
    HeaderValue::from_str(&format!("{BASE_CSP}; frame-ancestors {ancestors}"))
        .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'none'"))
}

/// Lets ankieter's own pages frame this one (the admin's live preview of a
/// survey page), and nobody else.
pub fn same_origin_framing(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(SAME_ORIGIN_FRAMABLE_CSP),
    );
    response.headers_mut().insert(
        HeaderName::from_static("x-frame-options"),
        HeaderValue::from_static("SAMEORIGIN"),
    );
    response
}

const SAME_ORIGIN_FRAMABLE_CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'self'";

/// Applies a survey's framing policy to one of its pages.
pub fn allow_framing(mut response: HttpResponse, policy: &HeaderValue) -> HttpResponse {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, policy.clone());
    // No X-Frame-Options (see `deny_framing_where_forbidden`): browsers too
    // old for frame-ancestors allow the embed as well.
    response
}
