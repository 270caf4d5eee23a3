use crate::domain::FormFields;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;

pub enum BodyError {
    TooLarge,
    Unreadable,
}

/// Reads an `application/x-www-form-urlencoded` body of at most `limit` bytes.
pub async fn read_form(
    request: &HttpRequest,
    mut payload: web::Payload,
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
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| BodyError::Unreadable)?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .map(FormFields)
        .map_err(|_| BodyError::Unreadable)
}

/// `smclientid` from a query string; malformed query strings count as none.
pub fn query_smclientid(request: &HttpRequest) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(request.query_string())
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == "smclientid")
                .map(|(_, v)| v)
        })
        .map(|v| v.chars().take(200).collect())
        .unwrap_or_default()
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
