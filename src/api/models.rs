//! What the API sends and accepts. Times are RFC 3339 in UTC.

use crate::db::{
    Account, AttemptRecord, DeliveryRecord, DeliverySource, ResponseRow, StoredSurvey,
    SurveySummary,
};
use crate::domain::{MissingContact, SurveyDocument, Work};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

pub use crate::clock::rfc3339;

/// A page of responses, newest first; pass `next_cursor` as `cursor` for the next.
#[derive(Serialize, ToSchema)]
pub struct ResponsePage {
    pub data: Vec<ResponseJson>,
    pub next_cursor: Option<String>,
}

/// A page of deliveries, newest first; pass `next_cursor` as `cursor` for the next.
#[derive(Serialize, ToSchema)]
pub struct DeliveryPage {
    pub data: Vec<DeliveryJson>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyList {
    pub data: Vec<SurveyListItem>,
}

/// `created_at.id` of the last item: the next page starts after it.
pub fn cursor(created_at: i64, id: Uuid) -> String {
    format!("{created_at}.{id}")
}

fn parse_cursor(raw: &str) -> Option<(i64, Uuid)> {
    let (at, id) = raw.split_once('.')?;
    Some((at.parse().ok()?, Uuid::parse_str(id).ok()?))
}

/// `limit` (1–500, default 50) and `cursor` of a list call.
pub fn page_params(
    limit: Option<i64>,
    cursor: Option<&str>,
) -> super::error::ApiResult<(i64, Option<(i64, Uuid)>)> {
    use super::error::ApiError;
    let limit = limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be 1 to 500"));
    }
    let before = match cursor {
        None | Some("") => None,
        Some(raw) => {
            Some(parse_cursor(raw).ok_or_else(|| ApiError::invalid("cursor", "malformed cursor"))?)
        }
    };
    Ok((limit, before))
}

/// The cursor of the next page: set when the page came back full.
pub fn next_cursor(len: usize, limit: i64, last: Option<(i64, Uuid)>) -> Option<String> {
    (len as i64 == limit)
        .then(|| last.map(|(at, id)| cursor(at, id)))
        .flatten()
}

/// A delivery status filter (`pending`, `delivered`, …).
pub fn status_param(
    raw: Option<&str>,
) -> super::error::ApiResult<Option<crate::db::DeliveryStatus>> {
    match raw {
        None | Some("") => Ok(None),
        Some(raw) => crate::db::DeliveryStatus::parse(raw)
            .map(Some)
            .ok_or_else(|| super::error::ApiError::invalid("status", "unknown status")),
    }
}

#[derive(Serialize, ToSchema)]
pub struct SurveyListItem {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub url: String,
    pub salesmanago_enabled: bool,
    pub responses: i64,
}

impl SurveyListItem {
    pub fn new(summary: SurveySummary, url: String) -> Self {
        Self {
            id: summary.id,
            slug: summary.slug,
            title: summary.title,
            url,
            salesmanago_enabled: summary.salesmanago_enabled,
            responses: summary.responses,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SurveyDetail {
    pub id: Uuid,
    pub url: String,
    pub created_at: String,
    pub updated_at: String,
    /// The survey in the import format.
    pub document: SurveyDocument,
}

impl SurveyDetail {
    pub fn new(stored: StoredSurvey, url: String) -> Self {
        Self {
            id: stored.id,
            url,
            created_at: rfc3339(stored.created_at),
            updated_at: rfc3339(stored.updated_at),
            document: stored.document,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AnswerJson {
    /// The question as it read when answered.
    pub question: String,
    pub values: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryRef {
    pub id: Uuid,
    /// `pending`, `delivered`, `failed`, `paused` or `skipped`.
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResponseJson {
    pub id: Uuid,
    pub survey_id: Uuid,
    pub created_at: String,
    pub smclientid: Option<String>,
    /// Question id → answer.
    pub answers: BTreeMap<String, AnswerJson>,
    /// Hidden field → value.
    pub hidden: BTreeMap<String, String>,
    /// `null` when the survey did not send results to SALESmanago.
    pub delivery: Option<DeliveryRef>,
}

impl From<ResponseRow> for ResponseJson {
    fn from(row: ResponseRow) -> Self {
        let r = row.response;
        Self {
            id: r.id,
            survey_id: r.survey_id,
            created_at: rfc3339(r.created_at),
            smclientid: r.smclientid,
            answers: r
                .answers
                .into_iter()
                .map(|a| {
                    (
                        a.question_id,
                        AnswerJson {
                            question: a.question_text,
                            values: a.values,
                        },
                    )
                })
                .collect(),
            hidden: r.hidden.into_iter().collect(),
            delivery: row
                .delivery_id
                .zip(row.delivery_status)
                .map(|(id, status)| DeliveryRef {
                    id,
                    status: status.as_str().to_owned(),
                }),
        }
    }
}

/// An answer: one value, or several for `multi` questions.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AnswerValue {
    One(String),
    Many(Vec<String>),
}

/// A response sent by another tool; checked, stored and forwarded exactly
/// like a form submission.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InboundResponse {
    /// Question id → value (`["v1", "v2"]` for `multi`).
    pub answers: BTreeMap<String, AnswerValue>,
    /// The SALESmanago contact id to update (as `?smclientid=` in a link).
    #[serde(default)]
    pub smclientid: Option<String>,
    /// Declared hidden field → value.
    #[serde(default)]
    pub hidden: BTreeMap<String, String>,
}

#[derive(Serialize, ToSchema)]
pub struct InboundAccepted {
    pub id: Uuid,
    /// `true` when this `Idempotency-Key` was seen before: nothing new was stored.
    pub replayed: bool,
    pub delivery: Option<DeliveryRef>,
}

#[derive(Serialize, ToSchema)]
pub struct AttemptJson {
    pub attempt: i64,
    pub at: String,
    /// `delivered`, `retry`, `failed` or `paused`.
    pub outcome: String,
    /// `upsert` or `update`.
    pub request_kind: Option<String>,
    /// SALESmanago's message or the transport error.
    pub message: Option<String>,
}

impl From<AttemptRecord> for AttemptJson {
    fn from(a: AttemptRecord) -> Self {
        Self {
            attempt: a.attempt,
            at: rfc3339(a.at),
            outcome: a.outcome,
            request_kind: a.request_kind,
            message: a.message,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PropertyJson {
    pub key: String,
    pub value: String,
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryJson {
    pub id: Uuid,
    /// `response` (a survey response) or `event` (a contact-center interaction).
    pub kind: String,
    /// Set for a survey response's delivery.
    pub survey_id: Option<Uuid>,
    pub response_id: Option<Uuid>,
    /// Set for an interaction's delivery.
    pub contact_center_id: Option<Uuid>,
    /// `pending`, `delivered`, `failed`, `paused`, `skipped` or `ignored`.
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub contact_id: Option<String>,
    pub created_at: String,
    pub delivered_at: Option<String>,
    /// The properties as sent, in order.
    pub properties: Vec<PropertyJson>,
    pub tags: Vec<String>,
    /// Keys whose values were cut to 255 characters.
    pub cut_keys: Vec<String>,
    pub notes: Vec<String>,
    /// The external event an interaction sends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<EventJson>,
    /// Every call made, oldest first (only when one delivery is read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<AttemptJson>>,
}

/// A SALESmanago external event as it is sent.
#[derive(Serialize, ToSchema)]
pub struct EventJson {
    pub description: String,
    pub contact_ext_event_type: String,
    pub date: String,
    pub external_id: String,
    pub location: String,
    /// `detail1`…`detail6` that have a value.
    pub details: Vec<PropertyJson>,
    /// Whether a missing contact is added (`true`) or the event ignored.
    pub add_missing_contact: bool,
}

impl From<DeliveryRecord> for DeliveryJson {
    fn from(d: DeliveryRecord) -> Self {
        let pending = d.status == crate::db::DeliveryStatus::Pending;
        let (survey_id, response_id, contact_center_id) = match d.source {
            DeliverySource::Response {
                survey_id,
                response_id,
            }
            | DeliverySource::Webhook {
                survey_id,
                response_id,
            } => (Some(survey_id), Some(response_id), None),
            DeliverySource::Interaction { contact_center_id } => {
                (None, None, Some(contact_center_id))
            }
            DeliverySource::Empik { .. } => (None, None, None),
        };
        let mut json = Self {
            id: d.id,
            kind: d.work.kind().to_owned(),
            survey_id,
            response_id,
            contact_center_id,
            status: d.status.as_str().to_owned(),
            attempts: d.attempts,
            next_attempt_at: pending.then(|| rfc3339(d.next_attempt_at)),
            last_error: d.last_error,
            contact_id: d.contact_id,
            created_at: rfc3339(d.created_at),
            delivered_at: d.delivered_at.map(rfc3339),
            properties: Vec::new(),
            tags: Vec::new(),
            cut_keys: Vec::new(),
            notes: Vec::new(),
            event: None,
            history: None,
        };
        match d.work {
            Work::Response(plan) => {
                json.properties = plan
                    .changes
                    .properties
                    .into_iter()
                    .map(|(key, value)| PropertyJson { key, value })
                    .collect();
                json.tags = plan.changes.tags;
                json.cut_keys = plan.cut_keys;
                json.notes = plan.notes;
            }
            Work::Webhook(_) | Work::Empik(_) => {}
            Work::Event(plan) => {
                json.event = Some(EventJson {
                    description: plan.description,
                    contact_ext_event_type: plan.event_type,
                    date: rfc3339(plan.date),
                    external_id: plan.external_id,
                    location: plan.location,
                    details: plan
                        .details
                        .into_iter()
                        .map(|(number, value)| PropertyJson {
                            key: format!("detail{number}"),
                            value,
                        })
                        .collect(),
                    add_missing_contact: matches!(plan.missing_contact, MissingContact::Add { .. }),
                })
            }
        }
        json
    }
}

/// The account's SALESmanago access; the secret is never returned.
#[derive(Serialize, ToSchema)]
pub struct SalesmanagoJson {
    pub endpoint: Option<String>,
    pub client_id: Option<String>,
    pub owner: Option<String>,
    pub property_prefix: String,
    pub secret_set: bool,
    /// Why deliveries are paused (SALESmanago refused the credentials).
    pub paused_reason: Option<String>,
}

impl From<&Account> for SalesmanagoJson {
    fn from(account: &Account) -> Self {
        let sm = account.salesmanago.as_ref();
        Self {
            endpoint: sm.map(|s| s.endpoint.clone()),
            client_id: sm.map(|s| s.client_id.clone()),
            owner: sm.map(|s| s.owner.clone()),
            property_prefix: account.property_prefix.as_str().to_owned(),
            secret_set: sm.is_some(),
            paused_reason: account.paused_reason.clone(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SalesmanagoInputJson {
    pub endpoint: String,
    pub client_id: String,
    pub owner: String,
    /// Omit to keep the saved secret.
    #[serde(default)]
    pub api_secret: Option<String>,
    /// Omit to keep the account's prefix.
    #[serde(default)]
    pub property_prefix: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RetryJson {
    /// False when there was nothing to retry (delivered, skipped or in flight).
    pub retried: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SavedSalesmanagoJson {
    pub settings: SalesmanagoJson,
    /// Paused deliveries resumed by saving.
    pub resumed: u64,
}
