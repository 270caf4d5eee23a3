//! Surveys as stored, and what saving or deleting one does.

use crate::domain::SurveyDocument;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct StoredSurvey {
    pub id: Uuid,
    pub account_id: Uuid,
    pub document: SurveyDocument,
    /// The key of signed smclientid links, encrypted under the server key.
    pub link_key_encrypted: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a survey gets when it is first saved.
#[derive(Debug, Clone)]
pub struct NewSurvey {
    pub id: Uuid,
    pub link_key_encrypted: String,
}

/// What goes with a survey when it is deleted: its responses and their
/// deliveries, of which `pending` are not sent yet (waiting, retrying or
/// paused).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SurveyFootprint {
    pub responses: i64,
    pub deliveries: i64,
    pub pending: i64,
}

impl std::ops::AddAssign for SurveyFootprint {
    fn add_assign(&mut self, other: Self) {
        self.responses += other.responses;
        self.deliveries += other.deliveries;
        self.pending += other.pending;
    }
}

/// How many responses one transaction of a survey's deletion removes, so
/// that deleting a large survey never holds the database (and every
/// respondent's submit) for long.
pub const DELETE_BATCH: i64 = 1000;

#[derive(Debug, Clone)]
pub struct SurveySummary {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub salesmanago_enabled: bool,
    pub hidden_fields: Vec<String>,
    pub responses: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveSurveyOutcome {
    Created(Uuid),
    Replaced(Uuid),
    /// The slug belongs to a survey of another account.
    SlugTaken,
}
