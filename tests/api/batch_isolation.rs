//! Group commit writes many responses in one transaction; a response that
//! cannot be stored must fail alone, not take its batch with it.

use crate::helpers::*;
use ankieter::db::{InsertOutcome, NewResponse};
use ankieter::domain::Answers;
use futures_util::future::join_all;
use uuid::Uuid;

#[tokio::test]
async fn a_response_for_a_missing_survey_fails_alone_and_its_batch_is_stored() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let store = app.store();
    let survey = store.survey_by_slug(&slug).await.unwrap().unwrap();
    let response = |survey_id| NewResponse {
        id: Uuid::now_v7(),
        account_id: app.account_id,
        survey_id,
        answers: Answers::default(),
        smclientid: None,
        hidden: vec![],
        browser_id: None,
        submission_token: None,
        created_at: 1,
        max_responses: None,
        webhook_delivery_id: None,
    };
    let mut responses: Vec<NewResponse> = (0..40).map(|_| response(survey.id)).collect();
    // In the middle, a response of no such survey (deleted a moment ago,
    // say): the foreign key refuses it.
    responses.insert(20, response(Uuid::now_v7()));

    // All queued at once, so that the writer takes them together.
    let mut results = join_all(responses.iter().map(|r| store.insert_response(r, None))).await;

    assert!(
        results.remove(20).is_err(),
        "the orphan response was stored"
    );
    for result in results {
        assert_eq!(result.unwrap(), InsertOutcome::Stored);
    }
    assert_eq!(store.responses(survey.id).await.unwrap().len(), 40);
}
