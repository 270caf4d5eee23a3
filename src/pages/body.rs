use crate::domain::{FormError, FormFields};
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    TooLarge,
    Unreadable,
    TimedOut,
}

/// A slow client may not hold a connection open forever while it "uploads".
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
use crate::domain::MAX_FIELDS;

/// Reads an `application/x-www-form-urlencoded` body of at most `limit` bytes.
pub async fn read_form(
    request: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<FormFields, BodyError> {
    let declared = request
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge);
    }
    let body = tokio::time::timeout(BODY_TIMEOUT, read_limited(payload, limit))
        .await
        .map_err(|_| BodyError::TimedOut)??;
    FormFields::decode(&body, MAX_FIELDS).map_err(|error| match error {
        FormError::TooManyFields => BodyError::TooLarge,
        FormError::MalformedEscape | FormError::InvalidUtf8 => BodyError::Unreadable,
    })
}

async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<web::BytesMut, BodyError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| BodyError::Unreadable)?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The form's one-time submission token, if it has a well-formed one.
pub fn submission_token(form: &FormFields) -> Option<String> {
    form.first("_submission")
        .filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}

/// Bots fill every field, people never see this one.
pub fn is_honeypot_filled(form: &FormFields) -> bool {
    form.first("_website").is_some_and(|v| !v.trim().is_empty())
}
