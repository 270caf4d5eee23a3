//! The language of the request being answered, for what is rendered far
//! from the handler that knows the admin: error pages built from an error
//! value, and refusals from extractors. The admin scope's middleware sets it
//! for the whole request; outside a request it is English.

use super::Tr;
use crate::domain::Language;
use std::future::Future;

tokio::task_local! {
    static LANGUAGE: Language;
}

/// Runs `work` with `language` as the request's language.
pub async fn with_language<F: Future>(language: Language, work: F) -> F::Output {
    LANGUAGE.scope(language, work).await
}

/// The request's words (English outside a request).
pub fn current() -> Tr {
    Tr::new(LANGUAGE.try_with(|l| *l).unwrap_or(Language::En))
}
