//! Deliveries to SALESmanago: list, detail with every attempt, retries.

use super::auth::see_other;
use super::session::{app_state, flash, CheckedForm, SignedIn};
use super::views::{
    AttemptRow, DeliveriesPage, DeliveryListRow, DeliveryPage, EventSent, Layout, ResponseSent,
    StepRow,
};
use super::AdminError;
use super::{parse_id, AdminResult};
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

fn detail_of(d: &DeliveryRecord, layout: &Layout) -> String {
    let error = d.last_error.clone().unwrap_or_default();
    match d.status {
        DeliveryStatus::Delivered => layout.tr.tas(
            "delivery-detail-delivered",
            &[
                (
                    "contact",
                    d.contact_id.clone().unwrap_or_else(|| "?".into()),
                ),
                (
                    "at",
                    d.delivered_at.map(|at| layout.time(at)).unwrap_or_default(),
                ),
            ],
        ),
        DeliveryStatus::Pending if error.is_empty() => layout.t("delivery-detail-waiting"),
        DeliveryStatus::Pending => layout.tr.tas(
            "delivery-detail-retrying",
            &[("at", layout.time(d.next_attempt_at)), ("error", error)],
        ),
        DeliveryStatus::Skipped => match &d.work {
            Work::Response(plan) => plan.skip_reason().unwrap_or_default().to_owned(),
            Work::Event(_) | Work::Webhook(_) | Work::Empik(_) => error,
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
        (DeliverySource::Webhook { survey_id, .. }, _) => format!(
            "{} · {}",
            titles
                .get(survey_id)
                .map(String::as_str)
                .unwrap_or_default(),
            signed_in.layout.t("webhook-title")
        ),
        (DeliverySource::Interaction { contact_center_id }, Work::Event(event)) => format!(
            "{} · {}",
            integrations
                .get(contact_center_id)
                .map(String::as_str)
                .unwrap_or_default(),
            event.description
        ),
        (_, Work::Empik(plan)) => super::empikplace::ledger_title(plan, &signed_in.layout),
        _ => String::new(),
    };
    let status = DeliveryStatus::parse(&query.status);
    let kind = DeliveryKind::parse(&query.kind);
    let layout = &signed_in.layout;
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
                .map(|s| (s.as_str(), layout.status(s.as_str()), Some(*s) == status))
                .collect(),
            kinds: [
                (DeliveryKind::Response, "deliveries-kind-responses"),
                (DeliveryKind::Event, "deliveries-kind-events"),
                (DeliveryKind::Webhook, "deliveries-kind-webhooks"),
                (DeliveryKind::Empik, "deliveries-kind-empik"),
            ]
            .into_iter()
            .map(|(k, id)| (k.as_str(), layout.t(id), Some(k) == kind))
            .collect(),
            rows: deliveries
                .iter()
                .map(|d| DeliveryListRow {
                    id: d.id.to_string(),
                    created: layout.time(d.created_at),
                    source: source(d),
                    status: d.status.as_str().to_owned(),
                    attempts: d.attempts,
                    detail: detail_of(d, layout),
                })
                .collect(),
            failed,
            layout: signed_in.layout.clone(),
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
    let layout = &signed_in.layout;
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
            let mut sent = response_sent(plan, survey_title, *survey_id, *response_id, layout);
            if let Some(event) = &plan.survey_event {
                sent.steps = steps(&d, layout);
                sent.survey_event = vec![
                    (
                        "contactExtEventType".into(),
                        crate::domain::SURVEY_EVENT_TYPE.into(),
                    ),
                    ("description".into(), event.description.clone()),
                    ("date".into(), layout.time(event.date)),
                    (
                        format!("externalId ({})", layout.t("detail-the-response")),
                        event.external_id.clone(),
                    ),
                ];
                for (number, value) in &event.details {
                    let meaning = if *number == 1 {
                        layout.t("detail-the-survey")
                    } else {
                        layout.t("detail-score")
                    };
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
                Some(event_sent(plan, integration, *contact_center_id, layout)),
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
            created: layout.time(d.created_at),
            next_attempt: if d.status == DeliveryStatus::Pending {
                layout.time(d.next_attempt_at)
            } else {
                String::new()
            },
            contact_id: d.contact_id.clone().unwrap_or_default(),
            last_error: d.last_error.clone().unwrap_or_default(),
            response,
            event,
            attempts: attempts
                .iter()
                .map(|a| AttemptRow::new(a, layout))
                .collect(),
            can_retry,
            layout: signed_in.layout.clone(),
        },
    ))
}

fn response_sent(
    plan: &DeliveryPlan,
    survey_title: String,
    survey_id: Uuid,
    response_id: Uuid,
    layout: &Layout,
) -> ResponseSent {
    let tr = &layout.tr;
    let target = match &plan.target {
        Target::Email { email } => tr.ta("target-email", "email", email),
        Target::ContactId {
            contact_id,
            fallback_email: Some(email),
        } => tr.tas(
            "target-contact-or-email",
            &[
                ("contact", contact_id.to_string()),
                ("email", email.to_string()),
            ],
        ),
        Target::ContactId { contact_id, .. } => tr.ta("target-contact", "contact", contact_id),
        Target::Nobody { reason } => tr.ta("target-nobody", "reason", reason),
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
        values_removed: plan.values_removed,
        steps: Vec::new(),
        survey_event: Vec::new(),
    }
}

/// Where the two steps of a response with a SURVEY event stand: the
/// properties are written once SALESmanago named the contact (kept on the
/// delivery), the event once the delivery is delivered.
fn steps(d: &DeliveryRecord, layout: &Layout) -> Vec<StepRow> {
    let error = d.last_error.clone().unwrap_or_default();
    let written = d.status == DeliveryStatus::Delivered || d.contact_id.is_some();
    let (properties, event) = match (written, d.status) {
        (true, DeliveryStatus::Delivered) => (
            ("delivered", layout.t("step-written")),
            ("delivered", layout.t("step-added")),
        ),
        (true, DeliveryStatus::Failed) => {
            (("delivered", layout.t("step-written")), ("failed", error))
        }
        (true, _) => (
            ("delivered", layout.t("step-written")),
            ("pending", layout.ta("step-again", "error", error)),
        ),
        (false, DeliveryStatus::Failed) => (
            ("failed", layout.t("step-failed")),
            ("skipped", layout.t("step-follows-properties")),
        ),
        (false, _) => (
            ("pending", layout.t("step-not-yet")),
            ("pending", layout.t("step-after-properties")),
        ),
    };
    vec![
        StepRow {
            step: format!("1. {}", layout.t("step-properties")),
            status: properties.0,
            says: properties.1,
        },
        StepRow {
            step: format!("2. {}", layout.t("step-survey-event")),
            status: event.0,
            says: event.1,
        },
    ]
}

fn event_sent(
    plan: &EventPlan,
    integration: String,
    integration_id: Uuid,
    layout: &Layout,
) -> EventSent {
    EventSent {
        integration_id: integration_id.to_string(),
        integration,
        email: plan.email.to_string(),
        description: plan.description.clone(),
        event_type: plan.event_type.clone(),
        date: layout.time(plan.date),
        external_id: plan.external_id.clone(),
        location: plan.location.clone(),
        details: plan
            .details
            .iter()
            .map(|(number, value)| {
                let meaning = match number {
                    1 => layout.t("detail-queue-id"),
                    2 => layout.t("detail-queue-name"),
                    3 => layout.t("detail-rating"),
                    4 => layout.t("detail-handled-by"),
                    5 => layout.t("detail-wait-time"),
                    6 => layout.t("detail-talk-time"),
                    _ => String::new(),
                };
                (format!("detail{number} ({meaning})"), value.clone())
            })
            .collect(),
        missing_contact: match &plan.missing_contact {
            MissingContact::Ignore => layout.t("missing-ignored"),
            MissingContact::Add { tags } if tags.is_empty() => layout.t("missing-added"),
            MissingContact::Add { tags } => layout.ta("missing-added-tag", "tags", tags.join(", ")),
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
    if retried {
        signed_in
            .audit(&request, "delivery.retry", id.to_string())
            .await?;
    }
    flash(
        &session,
        if retried {
            signed_in.layout.t("flash-retry-one")
        } else {
            signed_in.layout.t("flash-retry-nothing")
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
    signed_in
        .audit(
            &request,
            "deliveries.retry_failed",
            format!("{count} deliveries"),
        )
        .await?;
    flash(
        &session,
        signed_in.layout.tn("flash-retry-failed", count as i64),
    );
    Ok(see_other("/admin/deliveries"))
}
