//! The admin's askama pages. Handlers prepare display strings; templates
//! only lay them out (askama escapes every value).

use super::editor::{EditorState, KeyPreview, QuestionDraft};
use super::preview::PayloadPreview;
use crate::db::{AttemptRecord, DeliveryHealth};
use crate::domain::survey::DocumentError;
use crate::domain::survey::KIND_NAMES;
use crate::web::page::render;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

/// What every signed-in page shows around its content.
#[derive(Debug, Clone)]
pub struct Layout {
    /// ankieter's public address (for links and snippets used elsewhere).
    pub base: String,
    pub account_name: String,
    pub admin_email: String,
    pub csrf: String,
    pub flash: Option<String>,
    pub paused_reason: Option<String>,
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

    pub fn from_document(errors: &[DocumentError], map: impl Fn(&str) -> String) -> Self {
        Self(
            errors
                .iter()
                .map(|e| (map(&e.field), e.message.clone()))
                .collect(),
        )
    }
}

#[derive(Template)]
#[template(path = "admin/error.html")]
pub struct ErrorPage<'a> {
    pub title: &'a str,
    pub text: &'a str,
}

pub fn error_page(status: StatusCode, text: &str) -> HttpResponse {
    let title = status.canonical_reason().unwrap_or("Error");
    render(status, &ErrorPage { title, text })
}

pub fn not_found() -> HttpResponse {
    error_page(
        StatusCode::NOT_FOUND,
        "There is nothing here, or it belongs to another account.",
    )
}

#[derive(Template)]
#[template(path = "admin/login.html")]
pub struct LoginPage<'a> {
    pub csrf: &'a str,
    pub next: &'a str,
    pub email: &'a str,
    pub error: Option<String>,
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

#[derive(Template)]
#[template(path = "admin/editor.html")]
pub struct EditorPage {
    pub layout: Layout,
    /// Copy-paste embed snippets (inline, popup) of a saved survey.
    pub snippets: Option<(String, String)>,
    /// `None` for a new survey.
    pub survey_id: Option<String>,
    pub public_url: String,
    pub state: EditorState,
    pub questions: Vec<QuestionView>,
    pub errors: FieldErrors,
    pub preview: Option<PayloadPreview>,
    pub responses: i64,
}

/// One question of the editor, with its field names and key preview.
pub struct QuestionView {
    pub index: usize,
    pub number: usize,
    pub is_last: bool,
    pub draft: QuestionDraft,
    pub kinds: Vec<(&'static str, bool)>,
    pub key: KeyPreview,
}

impl QuestionView {
    /// The form field of this question, e.g. `q.2.text`; `""` is the whole question.
    pub fn field(&self, name: &str) -> String {
        if name.is_empty() {
            format!("q.{}", self.index)
        } else {
            format!("q.{}.{name}", self.index)
        }
    }
}

pub fn question_views(state: &EditorState, keys: Vec<KeyPreview>) -> Vec<QuestionView> {
    let count = state.questions.len();
    state
        .questions
        .iter()
        .zip(keys)
        .enumerate()
        .map(|(index, (draft, key))| QuestionView {
            index,
            number: index + 1,
            is_last: index + 1 == count,
            kinds: KIND_NAMES
                .iter()
                .map(|kind| (*kind, draft.kind == *kind))
                .collect(),
            draft: draft.clone(),
            key,
        })
        .collect()
}

impl EditorPage {
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        [("pl", "Polski"), ("cs", "Čeština"), ("en", "English")]
            .into_iter()
            .map(|(code, label)| (code, label, self.state.language == code))
            .collect()
    }

    pub fn access_modes(&self) -> Vec<(&'static str, &'static str, bool)> {
        [
            ("open", "Anyone with the link"),
            ("password", "Anyone with the link and the password"),
            ("once_per_browser", "Once per browser"),
        ]
        .into_iter()
        .map(|(value, label)| (value, label, self.state.access_mode == value))
        .collect()
    }
}

/// Options of a filter `<select>`: value, label, selected.
pub fn choices(
    options: &[(&'static str, &'static str)],
    current: &str,
) -> Vec<(&'static str, &'static str, bool)> {
    options
        .iter()
        .map(|(value, label)| (*value, *label, *value == current))
        .collect()
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
    pub statuses: Vec<(&'static str, &'static str, bool)>,
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

impl From<&AttemptRecord> for AttemptRow {
    fn from(a: &AttemptRecord) -> Self {
        Self {
            attempt: a.attempt,
            at: crate::clock::format_ms(a.at),
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
    pub statuses: Vec<(&'static str, &'static str, bool)>,
    pub kinds: Vec<(&'static str, &'static str, bool)>,
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
    pub step: &'static str,
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
    /// "API token" or "Card key".
    pub kind: &'static str,
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
