//! What every admin page shares: the layout (the admin's words and clock,
//! the CSRF token), labels, field errors and the error pages; the pages'
//! own structs are in `pages.rs`. Handlers prepare display strings;
//! templates only lay them out (askama escapes every value).

use crate::contacts::Trouble;
use crate::domain::survey::DocumentError;
use crate::domain::{AccountTimeZone, Language};
use crate::i18n::{Tr, ADMIN_LANGUAGES};
use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use std::borrow::Borrow;
use std::fmt::Display;

mod pages;
pub use pages::*;

/// What every signed-in page shows around its content, and the words and
/// clock of the admin reading it.
#[derive(Debug, Clone)]
pub struct Layout {
    /// ankieter's public address (for links and snippets used elsewhere).
    pub base: String,
    pub account_name: String,
    pub admin_email: String,
    pub csrf: String,
    pub flash: Option<String>,
    pub paused_reason: Option<String>,
    /// The admin's language.
    pub tr: Tr,
    /// The account's time zone, which every time on the page is shown in.
    pub zone: AccountTimeZone,
    /// This page's path and query: where the language switch comes back to.
    pub path: String,
}

impl Layout {
    pub fn t(&self, id: &str) -> String {
        self.tr.t(id)
    }

    pub fn tn(&self, id: &str, count: impl Borrow<i64>) -> String {
        self.tr.tn(id, *count.borrow())
    }

    pub fn ta(&self, id: &str, name: &'static str, value: impl Display) -> String {
        self.tr.ta(id, name, value)
    }

    pub fn html(&self, id: &str) -> String {
        self.tr.html(id)
    }

    pub fn lang(&self) -> &'static str {
        self.tr.language().code()
    }

    /// A stored time (UTC milliseconds) in the account's zone, zone named.
    pub fn time(&self, ms: impl Borrow<i64>) -> String {
        self.zone.format_ms(*ms.borrow())
    }

    /// The header's language switch: code, name in itself, current.
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        language_choices(self.tr.language())
    }

    /// A delivery status or attempt outcome in the admin's language (the
    /// stored word stays the CSS class and the filter value).
    pub fn status(&self, stored: &str) -> String {
        status_label(&self.tr, stored)
    }

    /// A question type's name in the admin's language ("Jednokrotny wybór").
    pub fn kind_name(&self, kind: &str) -> String {
        kind_label(&self.tr, kind)
    }

    pub fn contact_unavailable(&self, trouble: &Trouble) -> String {
        use crate::contacts::Trouble as T;
        match trouble {
            T::NotSetUp(why) => self.ta("contact-not-set-up", "why", why),
            T::Credentials => self.t("contact-credentials"),
            T::NoAnswer => self.t("contact-no-answer"),
            T::Answered(message) => self.ta("contact-answered", "message", message),
            T::TooManyLookups(seconds) => self.tn("contact-too-many", *seconds as i64),
        }
    }
}

/// Each admin language with its own name, and whether it is `current`.
pub fn language_choices(current: Language) -> Vec<(&'static str, &'static str, bool)> {
    ADMIN_LANGUAGES
        .iter()
        .map(|(language, name)| (language.code(), *name, *language == current))
        .collect()
}

pub fn status_label(tr: &Tr, stored: &str) -> String {
    status_id(stored).map_or_else(|| stored.to_owned(), |id| tr.t(id))
}

/// The message id of a stored delivery status or attempt outcome.
fn status_id(stored: &str) -> Option<&'static str> {
    Some(match stored {
        "pending" => "status-pending",
        "delivered" => "status-delivered",
        "failed" => "status-failed",
        "paused" => "status-paused",
        "skipped" => "status-skipped",
        "ignored" => "status-ignored",
        "retry" => "status-retry",
        "not sent" => "status-not-sent",
        _ => return None,
    })
}

pub fn kind_label(tr: &Tr, kind: &str) -> String {
    match kind {
        "email" => tr.t("kind-email"),
        "text" => tr.t("kind-text"),
        "textarea" => tr.t("kind-textarea"),
        "single" => tr.t("kind-single"),
        "multi" => tr.t("kind-multi"),
        "dropdown" => tr.t("kind-dropdown"),
        "scale" => tr.t("kind-scale"),
        "number" => tr.t("kind-number"),
        "date" => tr.t("kind-date"),
        "consent" => tr.t("kind-consent"),
        other => other.to_owned(),
    }
}

/// Field name → messages, shown next to the field.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_owned(), message.into()));
    }

    pub fn for_field(&self, field: impl AsRef<str>) -> Vec<&str> {
        let field = field.as_ref();
        self.0
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The document's errors on the fields `map` names, each in the
    /// admin's language.
    pub fn from_document(errors: &[DocumentError], map: impl Fn(&str) -> String, tr: &Tr) -> Self {
        Self(
            errors
                .iter()
                .map(|e| (map(&e.field), problem_text(tr, e)))
                .collect(),
        )
    }
}

/// What is wrong with a survey's field, in `tr`'s language.
pub fn problem_text(tr: &Tr, error: &DocumentError) -> String {
    tr.tas(&format!("invalid-{}", error.code), &error.args)
}

#[derive(Template)]
#[template(path = "admin/error.html")]
pub struct ErrorPage<'a> {
    pub tr: Tr,
    pub title: &'a str,
    pub text: &'a str,
}

/// An error page in the request's language (see [`crate::i18n::current`]).
pub fn error_page(status: StatusCode, text: &str) -> HttpResponse {
    let tr = crate::i18n::current();
    let title = match status {
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => tr.t("error-title-refused"),
        StatusCode::FORBIDDEN => tr.t("error-title-forbidden"),
        StatusCode::NOT_FOUND => tr.t("error-title-not-found"),
        StatusCode::SERVICE_UNAVAILABLE => tr.t("error-title-unavailable"),
        _ => tr.t("error-title"),
    };
    render(
        status,
        &ErrorPage {
            tr,
            title: &title,
            text,
        },
    )
}

pub fn not_found() -> HttpResponse {
    error_page(
        StatusCode::NOT_FOUND,
        &crate::i18n::current().t("error-not-found"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DeliveryStatus;
    use crate::domain::survey::KIND_NAMES;

    /// Ids chosen at run time, which the catalogue test cannot see in the code.
    #[test]
    fn every_word_picked_at_run_time_is_in_every_catalogue() {
        for (language, _) in ADMIN_LANGUAGES {
            let tr = Tr::new(language);
            let stored = DeliveryStatus::ALL
                .iter()
                .map(|s| s.as_str())
                .chain(["retry", "not sent"]);
            for status in stored {
                let id = status_id(status).unwrap_or_else(|| panic!("{status} has a label"));
                assert!(tr.knows(id), "{language:?} lacks {id}");
            }
            for kind in KIND_NAMES {
                assert_ne!(kind_label(&tr, kind), kind, "{language:?}");
            }
            for code in crate::domain::survey::PROBLEM_CODES {
                let mut error = DocumentError::new("title", code, "");
                for name in ["max", "id", "key", "name", "site", "option"] {
                    error.arg(name, "x");
                }
                let text = problem_text(&tr, &error);
                assert!(!text.starts_with("invalid-"), "{language:?} lacks {code}");
            }
            for starter in crate::domain::survey::Starter::ALL {
                for id in [
                    format!("starter-{}", starter.name()),
                    format!("starter-{}-about", starter.name()),
                ] {
                    assert!(tr.knows(&id), "{language:?} lacks {id}");
                }
            }
            let ids = super::super::responses::STATUS_CHOICES
                .iter()
                .map(|(_, id)| *id)
                .chain(["access-open", "access-password", "access-once-per-browser"])
                .chain([
                    "error-form-unreadable",
                    "error-form-expired",
                    "error-our-side",
                ]);
            for id in ids {
                assert!(tr.knows(id), "{language:?} lacks {id}");
            }
        }
        assert_eq!(
            kind_label(&Tr::new(Language::Pl), "single"),
            "Jednokrotny wybór"
        );
    }
}
