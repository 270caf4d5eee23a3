//! The admin's pages other than the editor's and the delete page's: what
//! each template is given, already as display strings.

use super::{FieldErrors, Layout};
use crate::db::{AttemptRecord, DeliveryHealth};
use crate::i18n::{Tr, ADMIN_LANGUAGES};
use askama::Template;

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
    /// The values were removed after delivery (the account's retention).
    pub values_removed: bool,
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
