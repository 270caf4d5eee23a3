//! The editor's state from its HTML form, and back into a survey document
//! whose errors are moved onto the editor's own fields.

use super::{lines, EditorState, QuestionDraft};
use crate::domain::survey::{
    AccessDocument, AccessMode, AvailabilityDocument, DocumentError, EmbedDocument,
    QuestionDocument, SalesmanagoSwitch,
};
use crate::domain::{AccountTimeZone, FormFields, Language, Survey, SurveyDocument};

impl EditorState {
    /// Reads the editor's fields (`q.N.text` and so on, `q_count` questions).
    pub fn from_form(form: &FormFields, zone: &AccountTimeZone) -> Self {
        let text = |name: &str| form.first(name).unwrap_or_default().to_owned();
        let ticked = |name: &str| form.first(name).is_some();
        let count = form
            .first("q_count")
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
            .min(crate::domain::survey::MAX_QUESTIONS);
        Self {
            slug: text("slug").trim().to_owned(),
            title: text("title"),
            description: text("description"),
            language: text("language"),
            thank_you: text("thank_you"),
            access_mode: text("access_mode"),
            access_password: text("access_password"),
            sm_enabled: ticked("sm_enabled"),
            sm_tag: text("sm_tag"),
            require_signed_links: ticked("require_signed_links"),
            survey_event: ticked("survey_event"),
            score_question: text("score_question").trim().to_owned(),
            allowed_sites: text("allowed_sites"),
            hidden_fields: text("hidden_fields"),
            closed: ticked("closed"),
            opens_at: text("opens_at").trim().to_owned(),
            closes_at: text("closes_at").trim().to_owned(),
            max_responses: text("max_responses").trim().to_owned(),
            retention_days: text("retention_days").trim().to_owned(),
            zone: zone.clone(),
            focus: None,
            questions: (0..count)
                .map(|i| {
                    let field = |name: &str| format!("q.{i}.{name}");
                    QuestionDraft {
                        id: text(&field("id")).trim().to_owned(),
                        kind: text(&field("type")),
                        text: text(&field("text")),
                        required: ticked(&field("required")),
                        options: text(&field("options")),
                        min: text(&field("min")).trim().to_owned(),
                        max: text(&field("max")).trim().to_owned(),
                        opt_in: ticked(&field("opt_in")),
                        key: text(&field("key")).trim().to_owned(),
                    }
                })
                .collect(),
        }
    }

    /// The survey document, or errors named by editor field (`q.2.min`).
    /// A field the editor cannot read (a word where a number goes) does not
    /// hide the survey's other mistakes: one failed save lists them all.
    pub fn to_document(&self) -> Result<SurveyDocument, Vec<DocumentError>> {
        let mut errors = Vec::new();
        let document = self.read_document(&mut errors);
        if errors.is_empty() {
            if let Some(document) = document {
                return Ok(document);
            }
        }
        if let Some(Err(more)) = document.map(Survey::from_document) {
            for error in more {
                let field = editor_field(&error.field);
                // A field already refused (or its question) says enough.
                let related = |other: &DocumentError| {
                    other.field == field
                        || other.field.starts_with(&format!("{field}."))
                        || field.starts_with(&format!("{}.", other.field))
                };
                if !errors.iter().any(related) {
                    errors.push(DocumentError { field, ..error });
                }
            }
        }
        Err(errors)
    }

    /// The document as far as the fields can be read; what could not be is
    /// in `errors` (`None` without a language).
    fn read_document(&self, errors: &mut Vec<DocumentError>) -> Option<SurveyDocument> {
        let language = Language::parse(&self.language);
        if language.is_none() {
            errors.push(DocumentError::new(
                "language",
                "choose-language",
                "choose a language",
            ));
        }
        let mode = match self.access_mode.as_str() {
            "open" | "" => AccessMode::Open,
            "password" => AccessMode::Password,
            "once_per_browser" => AccessMode::OncePerBrowser,
            _ => {
                errors.push(DocumentError::new(
                    "access_mode",
                    "choose-access",
                    "choose an access mode",
                ));
                AccessMode::Open
            }
        };
        let mut instant = |field: &str, local: &str| -> Option<String> {
            if local.is_empty() {
                return None;
            }
            let at = self.zone.from_local_input(local);
            if at.is_none() {
                errors.push(DocumentError::new(
                    field,
                    "not-a-time",
                    "enter a date and time",
                ));
            }
            at
        };
        let opens_at = instant("opens_at", &self.opens_at);
        let closes_at = instant("closes_at", &self.closes_at);
        let mut number = |field: String, raw: &str| -> Option<i64> {
            if raw.is_empty() {
                return None;
            }
            raw.parse().map_or_else(
                |_| {
                    errors.push(DocumentError::new(
                        &field,
                        "not-a-number",
                        "must be a whole number",
                    ));
                    None
                },
                Some,
            )
        };
        let availability = AvailabilityDocument {
            closed: self.closed,
            opens_at,
            closes_at,
            // A negative number is left to the survey's own check to name.
            max_responses: number("max_responses".to_owned(), &self.max_responses)
                .map(|limit| u64::try_from(limit).unwrap_or(0)),
        };
        // A negative or huge number is left to the survey's own check.
        let retention_days = number("retention_days".to_owned(), &self.retention_days)
            .map(|days| u32::try_from(days).unwrap_or(0));
        let questions: Vec<QuestionDocument> = self
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                // A question keeps only the fields its type uses: the editor
                // hides the others, and what was typed there before the type
                // changed must not stop the save.
                let uses = TypeFields::of(&q.kind);
                QuestionDocument {
                    id: q.id.clone(),
                    kind: q.kind.clone(),
                    text: q.text.trim().to_owned(),
                    required: q.required,
                    options: if uses.options {
                        lines(&q.options)
                    } else {
                        Vec::new()
                    },
                    min: uses
                        .range
                        .then(|| number(format!("q.{i}.min"), &q.min))
                        .flatten(),
                    max: uses
                        .range
                        .then(|| number(format!("q.{i}.max"), &q.max))
                        .flatten(),
                    opt_in: uses.opt_in && q.opt_in,
                    key: q.pinned_key().map(str::to_owned),
                }
            })
            .collect();
        let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        Some(SurveyDocument {
            slug: self.slug.clone(),
            title: self.title.trim().to_owned(),
            description: optional(&self.description),
            language: language?,
            thank_you: optional(&self.thank_you),
            salesmanago: SalesmanagoSwitch {
                enabled: self.sm_enabled,
                tag: optional(&self.sm_tag),
                require_signed_links: self.require_signed_links,
                survey_event: self.survey_event,
                score_question: optional(&self.score_question),
            },
            access: AccessDocument {
                mode,
                password: (mode == AccessMode::Password)
                    .then(|| optional(&self.access_password))
                    .flatten(),
            },
            embed: EmbedDocument {
                allowed_sites: lines(&self.allowed_sites),
            },
            hidden_fields: lines(&self.hidden_fields),
            availability,
            retention_days,
            questions,
        })
    }
}

/// Which of the type-dependent fields a question type uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeFields {
    pub options: bool,
    /// Min and max.
    pub range: bool,
    pub opt_in: bool,
}

impl TypeFields {
    pub fn of(kind: &str) -> Self {
        Self {
            options: matches!(kind, "single" | "multi" | "dropdown"),
            range: matches!(kind, "scale" | "number"),
            opt_in: kind == "consent",
        }
    }
}

/// Moves document errors (`questions[2].min`) to editor fields (`q.2.min`).
pub fn editor_field(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("questions[") {
        if let Some((index, tail)) = rest.split_once(']') {
            let name = tail.trim_start_matches('.');
            let name = if name == "type" || name.is_empty() {
                name.to_owned()
            } else {
                name.split(['[', '.']).next().unwrap_or(name).to_owned()
            };
            return if name.is_empty() {
                format!("q.{index}")
            } else {
                format!("q.{index}.{name}")
            };
        }
    }
    match field {
        "salesmanago.tag" => "sm_tag".to_owned(),
        "salesmanago.survey_event" => "survey_event".to_owned(),
        "salesmanago.score_question" => "score_question".to_owned(),
        "access.password" => "access_password".to_owned(),
        "access.mode" => "access_mode".to_owned(),
        "availability.opens_at" => "opens_at".to_owned(),
        "availability.closes_at" => "closes_at".to_owned(),
        "availability.max_responses" => "max_responses".to_owned(),
        "retention_days" => "retention_days".to_owned(),
        f if f.starts_with("embed.") => "allowed_sites".to_owned(),
        f if f.starts_with("hidden_fields") => "hidden_fields".to_owned(),
        f => f.to_owned(),
    }
}
