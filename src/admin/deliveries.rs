//! Deliveries to SALESmanago: list, detail with every attempt, retries.

use super::auth::see_other;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::views::{
    AttemptRow, DeliveriesPage, DeliveryListRow, DeliveryPage, EventSent, ResponseSent, StepRow,
};
use super::AdminError;
use super::{parse_id, AdminResult};
use crate::clock::format_ms;
use crate::db::{DeliveryFilter, DeliveryKind, DeliveryRecord, DeliverySource, DeliveryStatus};
use crate::domain::{DeliveryPlan, EventPlan, MissingContact, Target, Work};
use crate::web::page::render;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use std::collections::HashMap;
use uuid::Uuid;

const LIST_LIMIT: i64 = 200;

#[derive(serde::Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    kind: String,
}

fn detail_of(d: &DeliveryRecord) -> String {
    let error = d.last_error.clone().unwrap_or_default();
    match d.status {
        DeliveryStatus::Delivered => format!(
            "contact {} at {}",
            d.contact_id.as_deref().unwrap_or("?"),
            d.delivered_at.map(format_ms).unwrap_or_default()
        ),
        DeliveryStatus::Pending if error.is_empty() => "waiting to be sent".to_owned(),
        DeliveryStatus::Pending => {
            format!(
                "next attempt {} (last: {error})",
                format_ms(d.next_attempt_at)
            )
        }
        DeliveryStatus::Skipped => match &d.work {
            Work::Response(plan) => plan.skip_reason().unwrap_or_default().to_owned(),
            Work::Event(_) => error,
        },
        DeliveryStatus::Failed | DeliveryStatus::Paused | DeliveryStatus::Ignored => error,
    }
}

/// The account's delivery named in a path, or `None` (404) for any other id.
async fn owned_delivery(
    state: &AppState,
    account_id: Uuid,
    raw_id: &str,
) -> anyhow::Result<Option<DeliveryRecord>> {
    match parse_id(raw_id) {
        Some(id) => state.store.delivery(Some(account_id), id).await,
        None => Ok(None),
    }
}

pub async fn list(
    request: HttpRequest,
    signed_in: SignedIn,
    query: web::Query<StatusQuery>,
) -> AdminResult {
    let state = app_state(&request);
    let account_id = signed_in.account_id();
    let titles: HashMap<_, _> = state
        .store
        .surveys(account_id)
        .await?
        .into_iter()
        .map(|s| (s.id, s.title))
        .collect();
    let integrations: HashMap<_, _> = state
        .store
        .contact_centers(account_id)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name.as_str().to_owned()))
        .collect();
    let source = |d: &DeliveryRecord| match (&d.source, &d.work) {
        (DeliverySource::Response { survey_id, .. }, _) => {
            titles.get(survey_id).cloned().unwrap_or_default()
        }
        (DeliverySource::Interaction { contact_center_id }, Work::Event(event)) => format!(
            "{} · {}",
            integrations
                .get(contact_center_id)
                .map(String::as_str)
                .unwrap_or_default(),
            event.description
        ),
        _ => String::new(),
    };
    let status = DeliveryStatus::parse(&query.status);
    let kind = DeliveryKind::parse(&query.kind);
    let deliveries = state
        .store
        .deliveries(&DeliveryFilter {
            account_id: Some(account_id),
            status,
            kind,
            limit: LIST_LIMIT,
            ..DeliveryFilter::default()
        })
        .await?;
    let failed = state
        .store
        .deliveries(&DeliveryFilter {
            account_id: Some(account_id),
            status: Some(DeliveryStatus::Failed),
            limit: 1,
            ..DeliveryFilter::default()
        })
        .await?
        .len();
    Ok(render(
        StatusCode::OK,
        &DeliveriesPage {
            statuses: DeliveryStatus::ALL
                .iter()
                .map(|s| (s.as_str(), s.as_str(), Some(*s) == status))
                .collect(),
            kinds: [
                (DeliveryKind::Response, "survey responses"),
                (DeliveryKind::Event, "contact-center events"),
            ]
            .into_iter()
            .map(|(k, label)| (k.as_str(), label, Some(k) == kind))
            .collect(),
            rows: deliveries
                .iter()
                .map(|d| DeliveryListRow {
                    id: d.id.to_string(),
                    created: format_ms(d.created_at),
                    source: source(d),
                    status: d.status.as_str().to_owned(),
                    attempts: d.attempts,
                    detail: detail_of(d),
                })
                .collect(),
            failed,
            layout: signed_in.layout,
        },
    ))
}

pub async fn detail(
    request: HttpRequest,
    signed_in: SignedIn,
    id: web::Path<String>,
) -> AdminResult {
    let state = app_state(&request);
    let account_id = signed_in.account_id();
    let Some(d) = owned_delivery(&state, account_id, &id).await? else {
        return Err(AdminError::NotFound);
    };
    let attempts = state.store.attempts(d.id).await?;
    let (response, event) = match (&d.source, &d.work) {
        (
            DeliverySource::Response {
                survey_id,
                response_id,
            },
            Work::Response(plan),
        ) => {
            let survey_title = state
                .store
                .survey(account_id, *survey_id)
                .await?
                .map(|s| s.document.title)
                .unwrap_or_default();
            let mut sent = response_sent(plan, survey_title, *survey_id, *response_id);
            if let Some(event) = &plan.survey_event {
                sent.steps = steps(&d);
                sent.survey_event = vec![
                    (
                        "contactExtEventType".into(),
                        crate::domain::SURVEY_EVENT_TYPE.into(),
                    ),
                    ("description".into(), event.description.clone()),
                    ("date".into(), format_ms(event.date)),
                    (
                        "externalId (the response)".into(),
                        event.external_id.clone(),
                    ),
                ];
                for (number, value) in &event.details {
                    let meaning = if *number == 1 { "the survey" } else { "score" };
                    sent.survey_event
                        .push((format!("detail{number} ({meaning})"), value.clone()));
                }
            }
            (Some(sent), None)
        }
        (DeliverySource::Interaction { contact_center_id }, Work::Event(plan)) => {
            let integration = state
                .store
                .contact_center(Some(account_id), *contact_center_id)
                .await?
                .map(|c| c.name.as_str().to_owned())
                .unwrap_or_default();
            (
                None,
                Some(event_sent(plan, integration, *contact_center_id)),
            )
        }
        _ => (None, None),
    };
    let can_retry = matches!(d.status, DeliveryStatus::Failed | DeliveryStatus::Paused)
        || (d.status == DeliveryStatus::Pending && d.last_error.is_some());
    Ok(render(
        StatusCode::OK,
        &DeliveryPage {
            id: d.id.to_string(),
            status: d.status.as_str().to_owned(),
            created: format_ms(d.created_at),
            next_attempt: if d.status == DeliveryStatus::Pending {
                format_ms(d.next_attempt_at)
            } else {
                String::new()
            },
            contact_id: d.contact_id.clone().unwrap_or_default(),
            last_error: d.last_error.clone().unwrap_or_default(),
            response,
            event,
            attempts: attempts.iter().map(AttemptRow::from).collect(),
            can_retry,
            layout: signed_in.layout,
        },
    ))
}

fn response_sent(
    plan: &DeliveryPlan,
    survey_title: String,
    survey_id: Uuid,
    response_id: Uuid,
) -> ResponseSent {
    let target = match &plan.target {
        Target::Email { email } => format!("upsert by e-mail {email}"),
        Target::ContactId {
            contact_id,
            fallback_email,
        } => match fallback_email {
            Some(email) => {
                format!("update contact {contact_id} (upsert by e-mail {email} if unknown)")
            }
            None => format!("update contact {contact_id}"),
        },
        Target::Nobody { reason } => format!("nobody: {reason}"),
    };
    ResponseSent {
        survey_id: survey_id.to_string(),
        survey_title,
        response_id: response_id.to_string(),
        target,
        properties: plan.changes.properties.clone(),
        tags: plan.changes.tags.clone(),
        force_opt_in: plan.changes.force_opt_in,
        cut_keys: plan.cut_keys.clone(),
        notes: plan.notes.clone(),
        steps: Vec::new(),
        survey_event: Vec::new(),
    }
}

/// Where the two steps of a response with a SURVEY event stand: the
/// properties are written once SALESmanago named the contact (kept on the
/// delivery), the event once the delivery is delivered.
fn steps(d: &DeliveryRecord) -> Vec<StepRow> {
    let error = d.last_error.clone().unwrap_or_default();
    let written = d.status == DeliveryStatus::Delivered || d.contact_id.is_some();
    let (properties, event) = match (written, d.status) {
        (true, DeliveryStatus::Delivered) => {
            (("delivered", "written"), ("delivered", "added".to_owned()))
        }
        (true, DeliveryStatus::Failed) => (("delivered", "written"), ("failed", error)),
        (true, _) => (
            ("delivered", "written"),
            ("pending", format!("to be tried again: {error}")),
        ),
        (false, DeliveryStatus::Failed) => (
            ("failed", "failed (see the last error)"),
            ("skipped", "not sent: it follows the properties".to_owned()),
        ),
        (false, _) => (
            ("pending", "not yet"),
            ("pending", "after the properties".to_owned()),
        ),
    };
    vec![
        StepRow {
            step: "1. Properties and tags",
            status: properties.0,
            says: properties.1.to_owned(),
        },
        StepRow {
            step: "2. SURVEY event",
            status: event.0,
            says: event.1,
        },
    ]
}

fn event_sent(plan: &EventPlan, integration: String, integration_id: Uuid) -> EventSent {
    EventSent {
        integration_id: integration_id.to_string(),
        integration,
        email: plan.email.to_string(),
        description: plan.description.clone(),
        event_type: plan.event_type.clone(),
        date: format_ms(plan.date),
        external_id: plan.external_id.clone(),
        location: plan.location.clone(),
        details: plan
            .details
            .iter()
            .map(|(number, value)| {
                let meaning = match number {
                    1 => "queue id",
                    2 => "queue name",
                    3 => "rating",
                    4 => "handled by",
                    5 => "wait time, s",
                    6 => "talk time, s",
                    _ => "",
                };
                (format!("detail{number} ({meaning})"), value.clone())
            })
            .collect(),
        missing_contact: match &plan.missing_contact {
            MissingContact::Ignore => "ignored if SALESmanago has no such contact".into(),
            MissingContact::Add { tags } if tags.is_empty() => "added if missing".into(),
            MissingContact::Add { tags } => {
                format!("added if missing, with the tag {}", tags.join(", "))
            }
        },
    }
}

pub async fn retry(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    id: web::Path<String>,
    _form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let account_id = signed_in.account_id();
    let Some(DeliveryRecord { id, .. }) = owned_delivery(&state, account_id, &id).await? else {
        return Err(AdminError::NotFound);
    };
    let retried = state
        .store
        .retry_delivery(Some(account_id), id, crate::clock::now_ms())
        .await?;
    state.wake.deliveries_due();
    flash(
        &session,
        if retried {
            "The delivery will be sent again now."
        } else {
            "Nothing to retry: the delivery is delivered, skipped or being sent right now."
        },
    );
    Ok(see_other(&format!("/admin/deliveries/{id}")))
}

pub async fn retry_failed(
    request: HttpRequest,
    session: Session,
    signed_in: SignedIn,
    _form: CheckedForm,
) -> AdminResult {
    let state = app_state(&request);
    let count = state
        .store
        .retry_failed(Some(signed_in.account_id()), crate::clock::now_ms())
        .await?;
    state.wake.deliveries_due();
    flash(
        &session,
        format!("{count} failed deliveries will be sent again now."),
    );
    Ok(see_other("/admin/deliveries"))
}
