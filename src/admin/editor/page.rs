//! The editor page as the template shows it: the questions with their
//! fields, the error summary whose entries link to the fields, and which
//! element takes the focus after a button.

use super::form::TypeFields;
use super::{EditorState, KeyChange, KeyPreview, QuestionDraft};
use crate::admin::preview::PayloadPreview;
use crate::admin::views::{FieldErrors, Layout};
use crate::domain::survey::KIND_NAMES;
use crate::i18n::ADMIN_LANGUAGES;
use askama::Template;

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
    /// Questions with responses whose property key this save would change.
    pub key_changes: Vec<KeyChange>,
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

/// One entry of the summary above a form that was not saved.
pub struct ErrorLink {
    /// The id of the element it links to.
    pub anchor: String,
    /// Which field, in the admin's words ("Question 3 · Min").
    pub label: String,
    pub message: String,
}

impl EditorPage {
    pub fn form_action(&self) -> String {
        match &self.survey_id {
            Some(id) => format!("/admin/surveys/{id}"),
            None => "/admin/surveys/new".to_owned(),
        }
    }

    /// ` autofocus` on the element a button's result should put the
    /// keyboard on (a new question, a moved one, the preview).
    pub fn autofocus(&self, element: impl AsRef<str>) -> &'static str {
        if self.state.focus.as_deref() == Some(element.as_ref()) {
            " autofocus"
        } else {
            ""
        }
    }

    /// Every error in the order of the form, each linking to its field.
    pub fn error_summary(&self) -> Vec<ErrorLink> {
        error_links(&self.layout, &self.errors)
    }

    /// The question types that use a type-dependent field (`options`,
    /// `range`, `opt_in`), space-separated, for `editor.js` to hide the
    /// field under the others.
    pub fn kinds_using(&self, field: &str) -> String {
        KIND_NAMES
            .iter()
            .filter(|kind| {
                let uses = TypeFields::of(kind);
                match field {
                    "options" => uses.options,
                    "range" => uses.range,
                    _ => uses.opt_in,
                }
            })
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        ADMIN_LANGUAGES
            .iter()
            .map(|(language, name)| {
                (
                    language.code(),
                    *name,
                    self.state.language == language.code(),
                )
            })
            .collect()
    }

    pub fn access_modes(&self) -> Vec<(&'static str, String, bool)> {
        [
            ("open", "access-open"),
            ("password", "access-password"),
            ("once_per_browser", "access-once-per-browser"),
        ]
        .into_iter()
        .map(|(value, id)| (value, self.layout.t(id), self.state.access_mode == value))
        .collect()
    }

    /// The hint's example link with a hidden field.
    pub fn hidden_example(&self) -> String {
        let slug = if self.state.slug.is_empty() {
            "slug"
        } else {
            self.state.slug.as_str()
        };
        format!("/s/{slug}?utm_source=newsletter")
    }
}

/// Every error of `errors` in the order given, each linking to its field.
pub fn error_links(layout: &Layout, errors: &FieldErrors) -> Vec<ErrorLink> {
    errors
        .0
        .iter()
        .map(|(field, message)| {
            let (anchor, label) = place_of(layout, field);
            ErrorLink {
                anchor,
                label,
                message: message.clone(),
            }
        })
        .collect()
}

/// Where an editor field is (the element's id) and what the admin calls it
/// ("Question 3 · Min").
fn place_of(layout: &Layout, field: &str) -> (String, String) {
    let t = |id: &str| layout.t(id);
    if let Some(rest) = field.strip_prefix("q.") {
        let (index, name) = rest.split_once('.').unwrap_or((rest, ""));
        if let Ok(index) = index.parse::<usize>() {
            let question = layout.ta("editor-question-n", "number", index + 1);
            let id = match name {
                "text" => "editor-q-text",
                "type" => "editor-q-type",
                "id" => "editor-q-id",
                "key" => "editor-q-key",
                "options" => "editor-q-options",
                "min" => "editor-q-min",
                "max" => "editor-q-max",
                "opt_in" => "editor-q-opt-in",
                _ => return (format!("question-{}", index + 1), question),
            };
            return (field.to_owned(), format!("{question} · {}", t(id)));
        }
    }
    let id = match field {
        "title" => "editor-field-title",
        "slug" => "editor-field-slug",
        "description" => "editor-field-description",
        "language" => "editor-field-language",
        "thank_you" => "editor-field-thank-you",
        "opens_at" => "editor-opens-at",
        "closes_at" => "editor-closes-at",
        "max_responses" => "editor-max-responses",
        "retention_days" => "editor-retention-days",
        "access_mode" => "editor-field-access",
        "access_password" => "editor-field-password",
        "allowed_sites" => "editor-field-sites",
        "hidden_fields" => "editor-field-hidden",
        "sm_tag" => "editor-sm-tag",
        "score_question" => "editor-score-question",
        "survey_event" => "editor-survey-event-short",
        _ => return ("questions-title".to_owned(), t("editor-questions")),
    };
    (field.to_owned(), t(id))
}
