//! A survey's optional `SURVEY` event: the response on the contact's
//! timeline, sent after its properties are written, each step with its own
//! outcome; a failed event never writes the accepted properties again.

use super::without_auth;
use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use reqwest::StatusCode;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

const UPSERT: &str = "/api/contact/upsert";
const UPDATE: &str = "/api/contact/update";
const EVENT: &str = "/api/v2/contact/addContactExtEvent";

fn survey_with_event() -> Value {
    let mut survey = nps_survey();
    survey["salesmanago"]["survey_event"] = json!(true);
    survey["salesmanago"]["score_question"] = json!("ocena");
    survey
}

fn event_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": true, "message": []}))
}

#[tokio::test]
async fn the_event_follows_the_properties_on_the_contact_they_were_written_to() {
    let app = spawn_app().await;
    app.answer(UPSERT, sm_success("c-77"), 1).await;
    app.answer(EVENT, event_ok(), 1).await;
    let slug = app.import(survey_with_event()).await;
    let before = ankieter::clock::now_ms();
    app.submit(&slug, &[("email", "jan@example.com"), ("ocena", "9")])
        .await;

    app.deliver_all_pending().await;

    assert_eq!(
        asked_paths(&app.salesmanago).await,
        [UPSERT, EVENT],
        "properties first"
    );
    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(
        delivery.request_kind.as_deref(),
        Some("upsert + addContactExtEvent")
    );
    let response_id = delivery.response_id().unwrap().to_string();
    let body = without_auth(app.received(EVENT).await.remove(0));
    let date = body["contactEvent"]["date"].as_i64().unwrap();
    assert!(
        (before..=ankieter::clock::now_ms()).contains(&date),
        "when it was submitted"
    );
    assert_eq!(
        body,
        json!({
            "clientId": CLIENT_ID, "owner": OWNER, "contactId": "c-77",
            "contactEvent": {
                "date": date, "contactExtEventType": "SURVEY", "description": "Ankieta NPS",
                "externalId": response_id, "detail1": "nps", "detail2": "9"
            }
        })
    );
}

#[tokio::test]
async fn a_failed_event_is_retried_alone_and_the_properties_are_written_once() {
    failed_event_is_retried_alone(ResponseTemplate::new(503)).await;
}

#[tokio::test]
async fn an_event_past_the_timeout_is_retried_alone_and_the_properties_are_written_once() {
    failed_event_is_retried_alone(event_ok().set_delay(std::time::Duration::from_secs(2))).await;
}

/// SALESmanago answers the first event with `first`, then accepts it.
async fn failed_event_is_retried_alone(first: ResponseTemplate) {
    let app = spawn_app().await;
    app.answer(UPSERT, sm_success("c-77"), 1).await;
    on(EVENT)
        .respond_with(first)
        .up_to_n_times(1)
        .mount(&app.salesmanago)
        .await;
    app.answer(EVENT, event_ok(), 1).await;
    let slug = app.import(survey_with_event()).await;
    app.submit(&slug, &[("email", "jan@example.com"), ("ocena", "3")])
        .await;
    let now = ankieter::clock::now_ms();

    app.deliver_at(now).await;
    let waiting = app.only_delivery().await;
    assert_eq!(waiting.status, DeliveryStatus::Pending);
    assert_eq!(
        waiting.contact_id.as_deref(),
        Some("c-77"),
        "the written contact is kept"
    );
    let error = waiting.last_error.unwrap();
    assert!(
        error.starts_with("properties written (contact c-77); the SURVEY event failed: "),
        "{error}"
    );
    app.deliver_at(now + 3_600_000).await;

    assert_eq!(
        asked_paths(&app.salesmanago).await,
        [UPSERT, EVENT, EVENT],
        "no second upsert"
    );
    let delivered = app.only_delivery().await;
    assert_eq!(delivered.status, DeliveryStatus::Delivered);
    assert_eq!(
        delivered.request_kind.as_deref(),
        Some("addContactExtEvent (properties written by an earlier attempt)")
    );
    let attempts = app.store().attempts(delivered.id).await.unwrap();
    assert_eq!(attempts[0].outcome, "retry");
    assert_eq!(
        attempts[0].request_kind.as_deref(),
        Some("upsert + addContactExtEvent")
    );
}

#[tokio::test]
async fn a_refused_event_fails_and_a_retry_by_hand_sends_only_the_event() {
    let app = spawn_app().await;
    app.answer(UPSERT, sm_success("c-77"), 1).await;
    on(EVENT)
        .respond_with(sm_failure("Zły typ zdarzenia"))
        .up_to_n_times(1)
        .mount(&app.salesmanago)
        .await;
    app.answer(EVENT, event_ok(), 1).await;
    let slug = app.import(survey_with_event()).await;
    app.submit(&slug, &[("email", "jan@example.com"), ("ocena", "3")])
        .await;
    app.deliver_all_pending().await;
    let failed = app.only_delivery().await;
    assert_eq!(failed.status, DeliveryStatus::Failed);

    let now = ankieter::clock::now_ms();
    assert!(app
        .store()
        .retry_delivery(Some(app.account_id), failed.id, now)
        .await
        .unwrap());
    app.deliver_at(now).await;

    assert_eq!(asked_paths(&app.salesmanago).await, [UPSERT, EVENT, EVENT]);
    assert!(app.all_deliveries_are(DeliveryStatus::Delivered).await);
}

#[tokio::test]
async fn a_linked_contact_gets_the_event_by_its_id_and_a_survey_without_the_option_sends_none() {
    let app = spawn_app().await;
    app.answer(UPDATE, sm_success(CONTACT_ID), 1).await;
    app.answer(UPSERT, sm_success("c-1"), 1).await;
    app.answer(EVENT, event_ok(), 1).await;
    let slug = app.import(survey_with_event()).await;
    let mut plain = nps_survey();
    plain["slug"] = json!("bez-zdarzen");
    let plain = app.import(plain).await;

    app.submit(&slug, &[("smclientid", CONTACT_ID), ("ocena", "10")])
        .await;
    app.submit_by_email(&plain, "anna@example.com").await;
    app.deliver_all_pending().await;

    let event = app.received(EVENT).await.remove(0);
    assert_eq!(event["contactId"], CONTACT_ID);
    assert!(event.get("email").is_none());
    assert_eq!(event["contactEvent"]["detail2"], "10");
    assert!(app.all_deliveries_are(DeliveryStatus::Delivered).await);
    assert_eq!(
        app.received(EVENT).await.len(),
        1,
        "none for the plain survey"
    );
}

#[tokio::test]
async fn the_score_must_be_a_0_to_10_scale_and_the_event_needs_salesmanago_on() {
    let app = spawn_app().await;
    let api = crate::json_api::api_for(&app, app.account_id).await;
    let mut survey = survey_with_event();
    survey["salesmanago"]["score_question"] = json!("uwagi");

    let refused = api.post("/api/v1/surveys", &survey).await;

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field(), "salesmanago.score_question");
}
