//! Every API error is `{"error": {"code", "message", "field"?}}` with its status.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `unauthorized`, `token_revoked`, `not_found`,
    /// `invalid_json`, `invalid`, `conflict`, `too_large`, `rate_limited`, `unavailable`, `internal`, ….
    pub code: &'static str,
    /// For people.
    pub message: String,
    /// The field the error is about (`slug`, `answers.email`, `questions[2].options`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub detail: ErrorDetail,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            detail: ErrorDetail {
                code,
                message: message.into(),
                field: None,
            },
            retry_after: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.detail.field = Some(field.into());
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no such {what} in this account"),
        )
    }

    /// 422: the request is well-formed but its content is not acceptable.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message).field(field)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    pub fn rate_limited(wait: std::time::Duration) -> Self {
        let seconds = wait.as_secs().max(1);
        Self {
            retry_after: Some(seconds),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many requests: retry in {seconds} s"),
            )
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.detail.code, self.detail.message)
    }
}

/// Unexpected failures: logged with their cause, answered without it.
impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        if crate::db::is_unavailable(&error) {
            tracing::warn!(
                error = format!("{error:#}"),
                "API request refused: the database is unavailable"
            );
            return Self {
                retry_after: Some(crate::web::page::UNAVAILABLE_RETRY_AFTER_SECS),
                ..Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the database is unavailable for a moment; nothing was stored, try again",
                )
            };
        }
        tracing::error!(error = ?error, "API request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; try again",
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.detail.code,
                message: self.detail.message.clone(),
                field: self.detail.field.clone(),
            },
        })
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
