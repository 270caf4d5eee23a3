//! The language the admin is spoken to in: each admin's own choice (the
//! switch in the page header, or Settings), else the account's language;
//! before signing in, the browser's `Accept-Language`, else English. The
//! session keeps a copy so that pages built far from the handler (error
//! pages, refused forms) speak it too.

use crate::domain::Language;
use actix_session::{Session, SessionExt};
use actix_web::http::header;
use actix_web::HttpRequest;

const LANGUAGE_KEY: &str = "lang";

/// Keeps `language` in the session for the requests that follow.
pub fn remember(session: &Session, language: Language) {
    let kept = session.get::<String>(LANGUAGE_KEY).ok().flatten();
    if kept.as_deref() != Some(language.code()) {
        let _ = session.insert(LANGUAGE_KEY, language.code());
    }
}

/// The language this request is answered in, before any handler runs.
pub fn of_request(request: &HttpRequest) -> Language {
    let kept = request
        .get_session()
        .get::<String>(LANGUAGE_KEY)
        .ok()
        .flatten()
        .and_then(|code| Language::parse(&code));
    kept.or_else(|| {
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(crate::i18n::from_accept_language)
    })
    .unwrap_or(Language::En)
}
