//! Storing a checked response and its delivery (the plan fixed now) in one
//! transaction.

use super::contact::CheckedContact;
use crate::db::{InsertOutcome, NewDelivery, NewResponse, Store, StoredSurvey};
use crate::domain::{Answers, DeliveryPlan, Survey, SurveyEvent};
use uuid::Uuid;

/// A checked response on its way into the store.
pub(super) struct Checked<'a> {
    pub stored: &'a StoredSurvey,
    /// Checked, with the account's property keys.
    pub survey: &'a Survey,
    pub answers: Answers,
    /// The smclientid the link carried, as given (shown to the admin).
    pub raw_smclientid: &'a str,
    pub contact: &'a CheckedContact,
    pub hidden: Vec<(String, String)>,
    pub browser_id: Option<String>,
    /// One-time token (form) or idempotency key (API).
    pub token: Option<String>,
}

pub(super) async fn record(
    store: &dyn Store,
    checked: Checked<'_>,
) -> anyhow::Result<(Uuid, InsertOutcome)> {
    let Checked {
        stored,
        survey,
        answers,
        raw_smclientid,
        contact,
        hidden,
        browser_id,
        token,
    } = checked;
    // Time-ordered ids append to the end of the indexes instead of touching
    // random pages: fewer pages per group commit.
    let id = Uuid::now_v7();
    tracing::Span::current().record("response.id", tracing::field::display(id));
    let created_at = crate::clock::now_ms();
    let plan =
        DeliveryPlan::for_response(survey, &answers, contact.contact, &hidden).map(|mut plan| {
            plan.notes.extend(contact.notes.iter().cloned());
            plan.survey_event = SurveyEvent::for_response(survey, id, created_at, &answers);
            plan
        });
    let raw = raw_smclientid.trim();
    let response = NewResponse {
        id,
        account_id: stored.account_id,
        survey_id: stored.id,
        answers,
        smclientid: (!raw.is_empty()).then(|| raw.to_owned()),
        hidden,
        browser_id,
        submission_token: token,
        created_at,
        max_responses: survey.availability.max_responses,
        webhook_delivery_id: Some(Uuid::now_v7()),
    };
    let delivery = plan.map(|plan| NewDelivery {
        id: Uuid::now_v7(),
        plan,
    });
    let outcome = store.insert_response(&response, delivery.as_ref()).await?;
    Ok((id, outcome))
}
