use crate::domain::MAX_FIELDS;
use crate::domain::{FormError, FormFields};
use crate::web::body::read_bounded;
pub use crate::web::body::BodyError;
use actix_web::{web, HttpRequest};

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
    let body = read_bounded(payload, limit).await?;
    FormFields::decode(&body, MAX_FIELDS).map_err(|error| match error {
        FormError::TooManyFields => BodyError::TooLarge,
        FormError::MalformedEscape | FormError::InvalidUtf8 => BodyError::Unreadable,
    })
}

/// Bots fill every field, people never see this one.
pub fn is_honeypot_filled(form: &FormFields) -> bool {
    form.first("_website").is_some_and(|v| !v.trim().is_empty())
}
