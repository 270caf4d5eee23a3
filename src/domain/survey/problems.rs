//! What is wrong with a survey document, field by field: an English
//! message (the JSON API and the CLI show it) and a code with arguments,
//! which the admin shows in its reader's language (`invalid-{code}` in the
//! message catalogues; a test checks every code is in every catalogue).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError {
    /// The field, e.g. `questions[2].options`.
    pub field: String,
    pub message: String,
    /// One of [`PROBLEM_CODES`].
    pub code: &'static str,
    /// The values the message names (`max`, `id`, …), as text.
    pub args: Vec<(&'static str, String)>,
}

impl DocumentError {
    /// `message` about `field`, with `code`.
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        debug_assert!(
            PROBLEM_CODES.contains(&code),
            "{code} is not a problem code"
        );
        Self {
            field: field.into(),
            message: message.into(),
            code,
            args: Vec::new(),
        }
    }

    pub fn arg(&mut self, name: &'static str, value: impl fmt::Display) -> &mut Self {
        self.args.push((name, value.to_string()));
        self
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every code a [`DocumentError`] may carry.
pub const PROBLEM_CODES: [&str; 39] = [
    "empty",
    "too-long",
    "slug-invalid",
    "tag-needed",
    "event-needs-sending",
    "password-needed",
    "site-invalid",
    "no-questions",
    "too-many-questions",
    "duplicate-id",
    "duplicate-pin",
    "score-unknown",
    "score-not-nps",
    "score-needs-event",
    "too-many-hidden",
    "hidden-invalid",
    "hidden-reserved",
    "hidden-duplicate",
    "hidden-collides",
    "id-invalid",
    "id-reserved",
    "options-unused",
    "range-unused",
    "opt-in-unused",
    "max-not-above-min",
    "scale-too-long",
    "scale-needs-range",
    "type-unknown",
    "time-invalid",
    "closes-before-opening",
    "limit-out-of-range",
    "retention-out-of-range",
    "pin-invalid",
    "options-needed",
    "option-duplicate",
    // The editor's own, for fields it reads before the survey is checked.
    "not-a-number",
    "not-a-time",
    "choose-language",
    "choose-access",
];

/// The errors of one document, in the order of its fields.
pub(super) struct Errors(pub Vec<DocumentError>);

impl Errors {
    pub fn add(
        &mut self,
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut DocumentError {
        self.0.push(DocumentError::new(field, code, message));
        self.0.last_mut().expect("just pushed")
    }
}

/// A text that must be there and not longer than `max` characters.
pub(super) fn check_text(errors: &mut Errors, field: &str, text: &str, max: usize) {
    if text.trim().is_empty() {
        errors.add(field, "empty", "must not be empty");
    } else if text.chars().count() > max {
        errors
            .add(
                field,
                "too-long",
                format!("must be at most {max} characters"),
            )
            .arg("max", max);
    }
}
