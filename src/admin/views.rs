//! The admin's askama pages. Handlers prepare display strings; templates
//! only lay them out (askama escapes every value).

use crate::contacts::Trouble;
use crate::db::{AttemptRecord, DeliveryHealth};
use crate::domain::survey::DocumentError;
use crate::domain::{AccountTimeZone, Language};
use crate::i18n::{Tr, ADMIN_LANGUAGES};
use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use std::borrow::Borrow;
use std::fmt::Display;

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

#[derive(Template)]
#[template(path = "admin/login.html")]
pub struct LoginPage<'a> {
    pub tr: Tr,
    pub languages: Vec<(&'static str, &'static str, bool)>,
    pub csrf: &'a str,
    pub next: &'a str,
    pub email: &'a str,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
pub struct SettingsPage {
    pub layout: Layout,
    pub zones: Vec<String>,
    /// The admin's own choice; `None` follows the account.
    pub own_language: Option<&'static str>,
    /// The account's language, named in itself.
    pub account_language: &'static str,
    pub errors: FieldErrors,
}

pub struct SurveyHealthRow {
    pub id: String,
    pub title: String,
    pub slug: String,
    pub url: String,
    pub responses: i64,
    pub salesmanago_enabled: bool,
    pub health: DeliveryHealth,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub configured: bool,
    pub surveys: Vec<SurveyHealthRow>,
}

#[derive(Template)]
#[template(path = "admin/salesmanago.html")]
pub struct SalesmanagoPage {
    pub layout: Layout,
    pub endpoint: String,
    pub client_id: String,
    pub owner: String,
    pub prefix: String,
    /// `Some("ab")`: a secret is saved and ends in "ab".
    pub secret_hint: Option<String>,
    pub errors: FieldErrors,
    /// The last "Test connection": success and what SALESmanago said.
    pub test_result: Option<(bool, String)>,
}

#[derive(Template)]
#[template(path = "admin/surveys.html")]
pub struct SurveysPage {
    pub layout: Layout,
    pub surveys: Vec<SurveyHealthRow>,
}

impl SurveysPage {
    /// The templates to start from: link name, title and what it asks.
    pub fn starters(&self) -> Vec<(&'static str, String, String)> {
        crate::domain::survey::Starter::ALL
            .into_iter()
            .map(|starter| {
                let name = starter.name();
                (
                    name,
                    self.layout.t(&format!("starter-{name}")),
                    self.layout.t(&format!("starter-{name}-about")),
                )
            })
            .collect()
    }

    /// Each template is written in every language the admin speaks.
    pub fn starter_languages(&self) -> Vec<(&'static str, &'static str)> {
        ADMIN_LANGUAGES
            .iter()
            .map(|(language, name)| (language.code(), *name))
            .collect()
    }
}

#[derive(Template)]
#[template(path = "admin/import.html")]
pub struct ImportPage {
    pub layout: Layout,
    pub json: String,
    pub errors: Vec<String>,
}

pub struct ResponseListRow {
    pub id: String,
    pub created: String,
    pub email: String,
    pub smclientid: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "admin/responses.html")]
pub struct ResponsesPage {
    pub layout: Layout,
    pub survey_id: String,
    pub survey_title: String,
    pub from: String,
    pub to: String,
    pub statuses: Vec<(&'static str, String, bool)>,
    pub rows: Vec<ResponseListRow>,
    /// Query string of the filters (for the next page and the CSV link).
    pub filter_query: String,
    pub next_cursor: Option<String>,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "admin/response.html")]
pub struct ResponsePage {
    pub layout: Layout,
    pub id: String,
    pub survey_id: String,
    pub survey_title: String,
    pub created: String,
    pub smclientid: String,
    /// Hidden fields from the link: name, value.
    pub hidden: Vec<(String, String)>,
    /// Question text (as answered), answer.
    pub answers: Vec<(String, String)>,
    pub delivery: Option<DeliverySummary>,
}

pub struct DeliverySummary {
    pub id: String,
    pub status: String,
    pub attempts: Vec<AttemptRow>,
}

pub struct AttemptRow {
    pub attempt: i64,
    pub at: String,
    pub outcome: String,
    pub request_kind: String,
    pub message: String,
}

impl AttemptRow {
    pub fn new(a: &AttemptRecord, layout: &Layout) -> Self {
        Self {
            attempt: a.attempt,
            at: layout.time(a.at),
            outcome: a.outcome.clone(),
            request_kind: a.request_kind.clone().unwrap_or_default(),
            message: a.message.clone().unwrap_or_default(),
        }
    }
}

pub struct DeliveryListRow {
    pub id: String,
    pub created: String,
    /// The survey's title, or the integration's name and the event.
    pub source: String,
    pub status: String,
    pub attempts: i64,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "admin/deliveries.html")]
pub struct DeliveriesPage {
    pub layout: Layout,
    pub statuses: Vec<(&'static str, String, bool)>,
    pub kinds: Vec<(&'static str, String, bool)>,
    pub rows: Vec<DeliveryListRow>,
    pub failed: usize,
}

#[derive(Template)]
#[template(path = "admin/delivery.html")]
pub struct DeliveryPage {
    pub layout: Layout,
    pub id: String,
    pub status: String,
    pub created: String,
    pub next_attempt: String,
    pub contact_id: String,
    pub last_error: String,
    pub response: Option<ResponseSent>,
    pub event: Option<EventSent>,
    pub attempts: Vec<AttemptRow>,
    pub can_retry: bool,
}

/// What a survey response's delivery sends.
pub struct ResponseSent {
    pub survey_id: String,
    pub survey_title: String,
    pub response_id: String,
    pub target: String,
    pub properties: Vec<(String, String)>,
    pub tags: Vec<String>,
    pub force_opt_in: bool,
    pub cut_keys: Vec<String>,
    pub notes: Vec<String>,
    /// With a SURVEY event: each step (properties, event) and where it stands.
    pub steps: Vec<StepRow>,
    /// The SURVEY event's fields as sent.
    pub survey_event: Vec<(String, String)>,
}

/// One step of a response's delivery, with its own outcome.
pub struct StepRow {
    pub step: String,
    /// `delivered`, `pending`, `failed`: the status class it is drawn with.
    pub status: &'static str,
    pub says: String,
}

/// What an interaction's delivery sends.
pub struct EventSent {
    pub integration_id: String,
    pub integration: String,
    pub email: String,
    pub description: String,
    pub event_type: String,
    pub date: String,
    pub external_id: String,
    pub location: String,
    pub details: Vec<(String, String)>,
    pub missing_contact: String,
}

pub struct TokenRow {
    pub id: String,
    pub name: String,
    /// "API token" or "Card key", in the admin's language.
    pub kind: String,
    pub created: String,
    pub last_used: String,
    pub revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/tokens.html")]
pub struct TokensPage {
    pub layout: Layout,
    pub tokens: Vec<TokenRow>,
    /// A token just created: shown this once.
    pub created: Option<String>,
    /// The card's address with the new card key, when it was a card key.
    pub card_url: Option<String>,
    pub errors: FieldErrors,
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
