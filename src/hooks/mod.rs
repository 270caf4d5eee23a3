//! Receivers for contact centers' own webhooks: `POST /hooks/thulium/{id}`,
//! one URL per integration, signed in with the HTTP Basic credentials
//! ankieter generated for it. Only HTTP here; `contact_center` decides.

use crate::contact_center::{Accepted, ChatNotification, WebhookOutcome};
use crate::manage::webhook_credentials_match;
use crate::web::body::{read_bounded, BodyError};
use crate::web::AppState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use base64::Engine;
use serde_json::json;
use uuid::Uuid;

/// A notification is a few hundred bytes.
const MAX_NOTIFICATION_BYTES: usize = 16 * 1024;

pub fn configure(config: &mut web::ServiceConfig) {
    config.route("/hooks/thulium/{id}", web::post().to(thulium));
}

fn answer(status: StatusCode, text: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "status": text }))
}

fn unauthorized() -> HttpResponse {
    let mut response = answer(StatusCode::UNAUTHORIZED, "unauthorized");
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"ankieter webhooks\", charset=\"UTF-8\""),
    );
    response
}

/// `user:password` from `Authorization: Basic …`.
fn basic_credentials(request: &HttpRequest) -> Option<(String, String)> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

async fn thulium(
    request: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let integration = match Uuid::parse_str(&id) {
        // Read each time, not kept: new credentials must work (and the old
        // ones stop) at once, whichever process changed them.
        Ok(id) => state.store.contact_center(None, id).await,
        Err(_) => Ok(None),
    };
    let integration = match integration {
        Ok(Some(integration)) => integration,
        Ok(None) => return answer(StatusCode::NOT_FOUND, "no such integration"),
        Err(error) => return unavailable(error),
    };
    let signed_in = basic_credentials(&request)
        .is_some_and(|(user, password)| webhook_credentials_match(&integration, &user, &password));
    if !signed_in {
        return unauthorized();
    }
    let body = match read_bounded(payload, MAX_NOTIFICATION_BYTES).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            return answer(StatusCode::PAYLOAD_TOO_LARGE, "the body is too large")
        }
        Err(BodyError::Unreadable | BodyError::TimedOut) => {
            return answer(StatusCode::BAD_REQUEST, "the body could not be read")
        }
    };
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let parsed: Result<ChatNotification, String> = if form {
        serde_urlencoded::from_bytes(&body).map_err(|e| e.to_string())
    } else {
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    };
    let Ok(notification) = parsed else {
        return answer(
            StatusCode::BAD_REQUEST,
            "the body is neither a JSON object nor form fields of a Thulium notification",
        );
    };
    let outcome = state
        .interactions
        .thulium_chat(&integration, notification, crate::clock::now_ms())
        .await;
    match outcome {
        Ok(WebhookOutcome::Noted) => answer(StatusCode::OK, "noted"),
        Ok(WebhookOutcome::Event(Accepted::Queued(_))) => answer(StatusCode::ACCEPTED, "queued"),
        Ok(WebhookOutcome::Event(Accepted::Replayed(_))) => answer(StatusCode::OK, "replayed"),
        Ok(WebhookOutcome::Event(Accepted::Filtered)) => answer(StatusCode::OK, "filtered"),
        Ok(WebhookOutcome::UnknownConversation) => answer(StatusCode::OK, "unknown conversation"),
        Ok(WebhookOutcome::Incomplete(field)) => {
            answer(StatusCode::OK, &format!("ignored: no {field}"))
        }
        Ok(WebhookOutcome::UnknownAction) => answer(StatusCode::OK, "ignored: action not used"),
        Err(error) => unavailable(error),
    }
}

/// Storage failed: 503, so Thulium sends the notification again.
fn unavailable(error: anyhow::Error) -> HttpResponse {
    tracing::error!(
        error = format!("{error:#}"),
        "a Thulium notification could not be taken"
    );
    answer(StatusCode::SERVICE_UNAVAILABLE, "unavailable, try again")
}
