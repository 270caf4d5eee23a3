//! Responses: as submitted for storing, as stored, as listed.

use super::deliveries::DeliveryStatus;
use crate::domain::Answers;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewResponse {
    pub id: Uuid,
    pub account_id: Uuid,
    pub survey_id: Uuid,
    pub answers: Answers,
    pub smclientid: Option<String>,
    /// Hidden fields the link filled: name, value.
    pub hidden: Vec<(String, String)>,
    pub browser_id: Option<String>,
    /// The form's one-time token; a second insert with it is a duplicate.
    pub submission_token: Option<String>,
    pub created_at: i64,
    /// The survey's response limit: the store inserts nothing (and answers
    /// [`InsertOutcome::Full`]) once the survey holds this many.
    pub max_responses: Option<u64>,
    /// The id of the delivery that posts the response to the account's
    /// webhook: queued in the same transaction, if the account has one
    /// then (`None`: never).
    pub webhook_delivery_id: Option<Uuid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Stored,
    /// A once-per-browser survey already has a response from this browser.
    AlreadyFilled,
    /// This form (its submission token) was already stored: a resend.
    Duplicate,
    /// The survey holds as many responses as its limit allows.
    Full,
}

#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub id: Uuid,
    pub account_id: Uuid,
    pub survey_id: Uuid,
    pub answers: Answers,
    pub smclientid: Option<String>,
    pub hidden: Vec<(String, String)>,
    pub created_at: i64,
}

/// Which responses of a survey a list or export shows.
#[derive(Debug, Clone, Default)]
pub struct ResponseFilter {
    pub from: Option<i64>,
    /// Exclusive.
    pub to: Option<i64>,
    pub status: Option<ResponseDeliveryStatus>,
    /// Keyset cursor: only responses older than this one.
    pub before: Option<(i64, Uuid)>,
    pub limit: i64,
}

/// A response's delivery status, or that it has no delivery (SALESmanago off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseDeliveryStatus {
    Delivery(DeliveryStatus),
    NotSent,
}

/// A response with what happened to its delivery.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub response: StoredResponse,
    pub delivery_id: Option<Uuid>,
    pub delivery_status: Option<DeliveryStatus>,
}
