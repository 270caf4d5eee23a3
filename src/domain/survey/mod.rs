//! A survey: the JSON document, checked into a [`Survey`] with typed questions.

mod document;
mod problems;
mod question;
mod question_checks;
mod starters;
mod validate;

pub use document::{
    AccessDocument, AccessMode, AvailabilityDocument, EmbedDocument, QuestionDocument,
    SalesmanagoSwitch, SurveyDocument,
};
pub use problems::{DocumentError, PROBLEM_CODES};
pub use question::{Question, QuestionKind, KIND_NAMES};
pub use starters::Starter;
pub use validate::{SurveySlug, MAX_QUESTIONS};

use crate::domain::{property_keys, Language, PropertyPrefix, Tag};

#[derive(Debug, Clone)]
pub struct Survey {
    pub slug: SurveySlug,
    pub title: String,
    pub description: Option<String>,
    pub language: Language,
    pub thank_you: Option<String>,
    /// `Some` when the survey sends results to SALESmanago.
    pub salesmanago_tag: Option<SalesmanagoTarget>,
    pub access: Access,
    pub require_signed_links: bool,
    /// Origins allowed to frame the survey (`frame-ancestors`); empty: any.
    pub embed_allowed_sites: Vec<String>,
    /// Declared hidden fields and their property keys (prefix + name),
    /// filled in by [`Survey::with_property_keys`].
    pub hidden_fields: Vec<HiddenField>,
    pub questions: Vec<Question>,
    pub availability: Availability,
    pub document: SurveyDocument,
}

/// When the survey takes answers, as checked times (UTC milliseconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Availability {
    pub closed: bool,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    /// At most this many responses are stored (the store checks it in the
    /// same transaction that inserts, so concurrent fills cannot pass it).
    pub max_responses: Option<u64>,
}

/// Why a survey takes no answers now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotTaking {
    /// Closed by hand, or past its closing time.
    Closed,
    /// Before its opening time.
    NotYet,
    /// It holds as many responses as its limit allows.
    Full,
}

impl Availability {
    pub fn at(&self, now_ms: i64) -> Result<(), NotTaking> {
        if self.opens_at.is_some_and(|opens| now_ms < opens) {
            return Err(NotTaking::NotYet);
        }
        if self.closed || self.closes_at.is_some_and(|closes| now_ms >= closes) {
            return Err(NotTaking::Closed);
        }
        Ok(())
    }

    /// Whether a survey holding `responses` responses has reached its limit.
    pub fn full_at(&self, responses: u64) -> bool {
        self.max_responses.is_some_and(|limit| responses >= limit)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HiddenField {
    pub name: String,
    pub property_key: String,
}

/// The longest hidden-field value kept, in characters (SALESmanago gets 255).
pub const MAX_HIDDEN_VALUE_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq)]
pub struct SalesmanagoTarget {
    pub tag: Option<Tag>,
    /// Each response also becomes a `SURVEY` external event.
    pub survey_event: bool,
    /// The 0–10 scale question whose answer is the event's score.
    pub score_question: Option<String>,
}

/// How a fill identifies its SALESmanago contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// The link carries a contact id the survey accepts (a well-formed
    /// `smclientid`, signed where the survey requires it): the e-mail
    /// question that would otherwise identify the contact becomes optional.
    Link,
    /// Only an e-mail answer can identify the contact.
    EmailAnswer,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    Open,
    Password(String),
    OncePerBrowser,
}

impl Survey {
    /// Sets every question's property key for the account's prefix.
    pub fn with_property_keys(mut self, prefix: &PropertyPrefix) -> Self {
        let keys = property_keys(
            prefix,
            self.questions
                .iter()
                .map(|q| (q.id.as_str(), q.text.as_str(), q.pinned_key.as_deref())),
        );
        for (question, key) in self.questions.iter_mut().zip(keys) {
            question.property_key = key;
        }
        for field in &mut self.hidden_fields {
            field.property_key = format!("{}{}", prefix.as_str(), field.name);
        }
        self
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The first e-mail question identifies the contact in e-mail mode.
    pub fn identity_question(&self) -> Option<&Question> {
        self.questions
            .iter()
            .find(|q| q.kind == QuestionKind::Email)
    }

    /// Whether `question` must be answered in a fill identified by `identity`:
    /// a respondent the link already identifies is not made to type the
    /// address that would identify them.
    pub fn is_required(&self, question: &Question, identity: Identity) -> bool {
        question.required
            && !(identity == Identity::Link
                && self
                    .identity_question()
                    .is_some_and(|identifying| identifying.id == question.id))
    }
}
