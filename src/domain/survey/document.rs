//! The survey JSON document: what `ankieter survey import` reads and the
//! database stores. Shapes only; [`super::Survey::from_document`] checks meaning.

use crate::domain::Language;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyDocument {
    pub slug: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub language: Language,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thank_you: Option<String>,
    #[serde(default)]
    pub salesmanago: SalesmanagoSwitch,
    #[serde(default)]
    pub access: AccessDocument,
    #[serde(default, skip_serializing_if = "EmbedDocument::is_default")]
    pub embed: EmbedDocument,
    /// Values taken from the survey URL (e.g. `utm_source`), stored with the
    /// response and forwarded as properties like answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden_fields: Vec<String>,
    /// Whether and when respondents may answer; omitted: always.
    #[serde(default, skip_serializing_if = "AvailabilityDocument::is_default")]
    pub availability: AvailabilityDocument,
    /// Responses older than this many days are deleted, with their
    /// deliveries (the account may keep them for less); omitted: as the
    /// account keeps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
    pub questions: Vec<QuestionDocument>,
}

/// When a survey takes answers: closed by hand, or between two moments
/// (RFC 3339, e.g. `2026-12-24T18:00:00+01:00`; either may be left out).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityDocument {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    /// The survey closes once it holds this many responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_responses: Option<u64>,
}

impl AvailabilityDocument {
    fn is_default(&self) -> bool {
        self == &Self::default()
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SalesmanagoSwitch {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Accept `smclientid` only with a valid `sig` (see `ankieter survey link`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_signed_links: bool,
    /// Also put each response on the contact's timeline as an external
    /// event of type `SURVEY`, after its properties are written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub survey_event: bool,
    /// The id of a 0–10 scale question whose answer is the event's score (`detail2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_question: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessDocument {
    #[serde(default)]
    pub mode: AccessMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// Which sites may show the survey in a frame; empty means any site.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbedDocument {
    #[serde(default)]
    pub allowed_sites: Vec<String>,
}

impl EmbedDocument {
    fn is_default(&self) -> bool {
        self.allowed_sites.is_empty()
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccessMode {
    #[default]
    Open,
    Password,
    OncePerBrowser,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionDocument {
    pub id: String,
    /// Kept as text so that an unknown type gets a message naming the question.
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub opt_in: bool,
    /// The property key's part after the account's prefix, pinned by the
    /// admin (`nps` → `ankieta.nps`); without it the key follows the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl SurveyDocument {
    /// Parses JSON text; the error says where the JSON is wrong.
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid survey document: {e}"))
    }
}
