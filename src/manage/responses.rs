use crate::db::{InsertOutcome, NewDelivery, NewResponse, Store, StoredSurvey};
use crate::delivery::DeliveryPlan;
use crate::domain::{Answers, Survey};
use uuid::Uuid;

/// A checked response on its way into the store, from a form or the API.
pub struct Submission<'a> {
    pub stored: &'a StoredSurvey,
    /// Checked, with the account's property keys.
    pub survey: &'a Survey,
    pub answers: Answers,
    /// The smclientid the link carried, as given (stored for the admin).
    pub raw_smclientid: String,
    /// The smclientid the delivery may use (empty when refused).
    pub accepted_smclientid: String,
    /// Why something of the link was ignored, for the delivery record.
    pub notes: Vec<String>,
    pub hidden: Vec<(String, String)>,
    pub browser_id: Option<String>,
    /// One-time token (form) or idempotency key (API).
    pub submission_token: Option<String>,
}

/// Stores the response and its delivery (plan fixed now) in one transaction.
/// Forms and the JSON API both come through here, so both send the same.
pub async fn record_response(
    store: &dyn Store,
    submission: Submission<'_>,
) -> anyhow::Result<(Uuid, InsertOutcome)> {
    let Submission {
        stored,
        survey,
        answers,
        raw_smclientid,
        accepted_smclientid,
        notes,
        hidden,
        browser_id,
        submission_token,
    } = submission;
    // Time-ordered ids append to the end of the indexes instead of touching
    // random pages: fewer pages per group commit.
    let id = Uuid::now_v7();
    tracing::Span::current().record("response.id", tracing::field::display(id));
    let plan = DeliveryPlan::for_response(survey, &answers, Some(&accepted_smclientid), &hidden)
        .map(|mut plan| {
            plan.notes.extend(notes);
            plan
        });
    let response = NewResponse {
        id,
        account_id: stored.account_id,
        survey_id: stored.id,
        answers,
        smclientid: (!raw_smclientid.is_empty()).then_some(raw_smclientid),
        hidden,
        browser_id,
        submission_token,
        created_at: crate::clock::now_ms(),
    };
    let delivery = plan.map(|plan| NewDelivery {
        id: Uuid::now_v7(),
        plan,
    });
    let outcome = store.insert_response(&response, delivery.as_ref()).await?;
    Ok((id, outcome))
}
