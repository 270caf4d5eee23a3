//! JSON request bodies, read with a size limit; every failure is a JSON error.

use super::error::ApiError;
use crate::web::body::{read_bounded, BodyError};
use actix_web::http::StatusCode;
use actix_web::web;
use serde::de::DeserializeOwned;

/// The largest JSON body accepted (a 200-question survey fits easily).
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

pub async fn read_json<T: DeserializeOwned>(payload: web::Payload) -> Result<T, ApiError> {
    read_json_up_to(payload, MAX_JSON_BYTES).await
}

/// As [`read_json`], with a limit of the endpoint's own.
pub async fn read_json_up_to<T: DeserializeOwned>(
    payload: web::Payload,
    max_bytes: usize,
) -> Result<T, ApiError> {
    let body = read_bounded(payload, max_bytes)
        .await
        .map_err(|error| match error {
            BodyError::TooLarge => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the body is larger than {max_bytes} bytes"),
            ),
            BodyError::Unreadable | BodyError::TimedOut => ApiError::new(
                StatusCode::BAD_REQUEST,
                "unreadable",
                "the body could not be read",
            ),
        })?;
    serde_json::from_slice(&body).map_err(|error| {
        if error.is_data() {
            // Valid JSON of the wrong shape: a missing field, a wrong type,
            // an unknown field. serde names a missing or unknown field in
            // backquotes; a wrong type has no name, only its place.
            let message = error.to_string();
            let field = message
                .split('`')
                .nth(1)
                .filter(|_| message.contains("field `"))
                .unwrap_or("body")
                .to_owned();
            ApiError::invalid(field, message)
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("the body is not valid JSON: {error}"),
            )
        }
    })
}
