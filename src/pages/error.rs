//! What can go wrong on a respondent page, and the one place that turns it
//! into a page in the visitor's language.

use super::body::BodyError;
use crate::domain::survey::NotTaking;
use crate::domain::Language;
use crate::web::page::{message, not_found, server_error, too_many};
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use std::time::Duration;

#[derive(Debug)]
pub enum PageError {
    /// No such survey.
    NotFound,
    /// This address sent too many forms or passwords: try again after this.
    TooMany(Duration),
    /// The form could not be read.
    Body(BodyError),
    /// A once-per-browser survey this browser has filled.
    AlreadyFilled,
    /// The survey is closed or not open yet.
    NotTaking(NotTaking),
    /// The database or another part of the server failed; logged here.
    Unavailable(anyhow::Error),
}

impl From<anyhow::Error> for PageError {
    fn from(error: anyhow::Error) -> Self {
        Self::Unavailable(error)
    }
}

impl PageError {
    /// The page for this error, in `language` (the survey's once it is
    /// known, else the visitor's).
    pub fn page(&self, language: Language) -> HttpResponse {
        match self {
            Self::NotFound => not_found(language),
            Self::TooMany(wait) => too_many(language, *wait),
            Self::Body(BodyError::TooLarge) => {
                message(StatusCode::PAYLOAD_TOO_LARGE, language, |t| {
                    (t.too_large_title, t.too_large_body)
                })
            }
            Self::Body(BodyError::Unreadable) => message(StatusCode::BAD_REQUEST, language, |t| {
                (t.bad_request_title, t.bad_request_body)
            }),
            Self::Body(BodyError::TimedOut) => {
                message(StatusCode::REQUEST_TIMEOUT, language, |t| {
                    (t.bad_request_title, t.bad_request_body)
                })
            }
            Self::AlreadyFilled => message(StatusCode::CONFLICT, language, |t| {
                (t.already_title, t.already_body)
            }),
            Self::NotTaking(why) => not_taking(StatusCode::CONFLICT, language, *why),
            Self::Unavailable(error) => server_error(language, error),
        }
    }
}

/// The polite page of a survey that takes no answers now (`200` when it is
/// only opened, `409` when answers were sent to it).
pub fn not_taking(status: StatusCode, language: Language, why: NotTaking) -> HttpResponse {
    message(status, language, |t| match why {
        NotTaking::Closed => (t.closed_title, t.closed_body),
        NotTaking::NotYet => (t.not_yet_title, t.not_yet_body),
        NotTaking::Full => (t.full_title, t.full_body),
    })
}

/// The survey at `slug`, or the page that says why there is none (in the
/// visitor's language: no survey, no survey's language).
pub async fn load(
    request: &actix_web::HttpRequest,
    state: &crate::web::AppState,
    slug: &str,
) -> Result<std::sync::Arc<crate::submission::LoadedSurvey>, HttpResponse> {
    let language = || crate::web::page::language_of(request);
    match state.submissions.load(slug).await {
        Ok(Some(loaded)) => Ok(loaded),
        Ok(None) => Err(PageError::NotFound.page(language())),
        Err(error) => Err(PageError::from(error).page(language())),
    }
}
