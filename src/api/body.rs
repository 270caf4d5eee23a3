//! JSON request bodies, read with a size limit; every failure is a JSON error.

use super::error::ApiError;
use actix_web::http::StatusCode;
use actix_web::web;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

/// The largest JSON body accepted (a 200-question survey fits easily).
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

pub async fn read_json<T: DeserializeOwned>(payload: web::Payload) -> Result<T, ApiError> {
    read_json_up_to(payload, MAX_JSON_BYTES).await
}

/// As [`read_json`], with a limit of the endpoint's own.
pub async fn read_json_up_to<T: DeserializeOwned>(
    mut payload: web::Payload,
    max_bytes: usize,
) -> Result<T, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "unreadable",
                "the body could not be read",
            )
        })?;
        if body.len() + chunk.len() > max_bytes {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the body is larger than {max_bytes} bytes"),
            ));
        }
        body.extend_from_slice(&chunk);
    }
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
