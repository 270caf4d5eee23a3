//! What reaches SALESmanago, and what each of its answers does to a delivery.

use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use serde_json::{json, Value};
use sha1::{Digest, Sha1};
use std::time::Duration;

/// Checks the per-request auth fields and returns the body without them.
fn without_auth(mut body: Value) -> Value {
    let map = body.as_object_mut().unwrap();
    let api_key = map.remove("apiKey").unwrap();
    let api_key = api_key.as_str().unwrap();
    assert!(api_key.len() >= 16, "apiKey should be a random string");
    let sha = map.remove("sha").unwrap();
    let expected = hex::encode(Sha1::digest(format!("{api_key}{CLIENT_ID}{API_SECRET}")));
    assert_eq!(sha, expected.as_str());
    let request_time = map.remove("requestTime").unwrap().as_i64().unwrap();
    assert!((request_time - ankieter::clock::now_ms()).abs() < 60_000);
    assert!(
        !body.to_string().contains(API_SECRET),
        "the API secret must never be sent"
    );
    body
}

#[tokio::test]
async fn an_email_response_upserts_the_contact_with_the_exact_body() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_success("c-1"))
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    let long = "a".repeat(300);

    let response = app
        .submit(
            &slug,
            &[
                ("email", " anna@example.pl "),
                ("ocena", "9"),
                ("kanaly", "Internet"),
                ("kanaly", "Znajomi"),
                ("uwagi", &long),
                ("zgoda", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    app.deliver_all_pending().await;

    let bodies = app.received("/api/contact/upsert").await;
    assert_eq!(
        without_auth(bodies[0].clone()),
        json!({
            "clientId": CLIENT_ID,
            "owner": OWNER,
            "contact": {"email": "anna@example.pl"},
            "properties": {
                "ankieta.Twoj-e-mail": "anna@example.pl",
                "ankieta.Jak-oceniasz-nasza-obsluge?": "9",
                "ankieta.Skad-o-nas-wiesz?": "Znajomi, Internet",
                "ankieta.Uwagi": "a".repeat(255),
                "ankieta.Zgoda-marketingowa": "tak"
            },
            "tags": ["ANKIETA_NPS"],
            "forceOptIn": true
        })
    );
    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.contact_id.as_deref(), Some("c-1"));
    assert_eq!(delivery.request_kind.as_deref(), Some("upsert"));
    assert_eq!(delivery.plan.cut_keys, ["ankieta.Uwagi"]);
    // The full answer stays stored in ankieter.
    let responses = app.store().responses(delivery.survey_id).await.unwrap();
    assert_eq!(responses[0].answers.get("uwagi").unwrap().values[0], long);
}

#[tokio::test]
async fn a_smclientid_link_updates_that_contact_without_consent_fields() {
    let app = spawn_app().await;
    on("/api/contact/update")
        .respond_with(sm_success(CONTACT_ID))
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;

    let page = app
        .get(&format!("/s/{slug}?smclientid={CONTACT_ID}"))
        .await
        .text()
        .await
        .unwrap();
    let document = html(&page);
    let hidden = select(&document, "input[name=smclientid]");
    assert_eq!(
        hidden[0].value().attr("value"),
        Some(CONTACT_ID),
        "the link's smclientid is carried in the form"
    );

    let response = app
        .submit(
            &slug,
            &[("smclientid", CONTACT_ID), ("ocena", "3"), ("zgoda", "1")],
        )
        .await;
    assert_eq!(response.status(), 303);
    app.deliver_all_pending().await;

    let bodies = app.received("/api/contact/update").await;
    assert_eq!(
        without_auth(bodies[0].clone()),
        json!({
            "clientId": CLIENT_ID,
            "owner": OWNER,
            "contactId": CONTACT_ID,
            "properties": {
                "ankieta.Jak-oceniasz-nasza-obsluge?": "3",
                "ankieta.Zgoda-marketingowa": "tak"
            },
            "tags": ["ANKIETA_NPS"]
        })
    );
    assert_eq!(app.only_delivery().await.status, DeliveryStatus::Delivered);
}

#[tokio::test]
async fn a_server_error_is_retried_with_backoff_and_then_delivered() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(wiremock::ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    on("/api/contact/upsert")
        .respond_with(sm_success("c-2"))
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "a@example.pl").await;

    app.deliver_all_pending().await;
    let first = app.only_delivery().await;
    assert_eq!(first.status, DeliveryStatus::Pending);
    assert_eq!(first.attempts, 1);
    assert_eq!(first.last_error.as_deref(), Some("HTTP 500"));
    assert!(
        first.next_attempt_at > ankieter::clock::now_ms(),
        "the retry waits"
    );
    // Not due yet: nothing is sent now.
    assert_eq!(app.deliver_all_pending().await, 0);

    app.deliver_at(first.next_attempt_at).await;
    let second = app.only_delivery().await;
    assert_eq!(second.status, DeliveryStatus::Delivered);
    assert_eq!(second.attempts, 2);
}

#[tokio::test]
async fn a_timeout_is_retried() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_success("late").set_delay(Duration::from_secs(3)))
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "a@example.pl").await;

    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Pending);
    assert_eq!(delivery.last_error.as_deref(), Some("timed out"));
}

#[tokio::test]
async fn a_429_with_retry_after_waits_as_long_as_salesmanago_asks() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(wiremock::ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "a@example.pl").await;
    let before = ankieter::clock::now_ms();

    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Pending);
    let wait = delivery.next_attempt_at - before;
    assert!((119_000..=125_000).contains(&wait), "waited {wait} ms");
}

#[tokio::test]
async fn temporary_failures_for_24_hours_end_as_failed() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(wiremock::ResponseTemplate::new(503))
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "a@example.pl").await;
    let created = app.only_delivery().await.created_at;

    app.deliver_at(created + 25 * 3600 * 1000).await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Failed);
    assert!(delivery
        .last_error
        .unwrap()
        .contains("gave up after 24 hours"));
}

#[tokio::test]
async fn an_authentication_error_pauses_the_account_until_new_credentials() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_failure("Not authenticated, invalid owner"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "a@example.pl").await;

    app.deliver_all_pending().await;

    let paused = app.only_delivery().await;
    assert_eq!(paused.status, DeliveryStatus::Paused);
    assert!(paused
        .last_error
        .as_deref()
        .unwrap()
        .contains("Not authenticated"));
    let account = app.store().account(app.account_id).await.unwrap().unwrap();
    assert!(account.paused_reason.is_some());

    // Responses keep arriving while paused: they queue as paused, nothing is sent.
    app.submit(&slug, &[("email", "b@example.pl"), ("ocena", "6")])
        .await;
    app.deliver_all_pending().await;
    assert!(app
        .deliveries()
        .await
        .iter()
        .all(|d| d.status == DeliveryStatus::Paused));

    on("/api/contact/upsert")
        .respond_with(sm_success("c-3"))
        .expect(2)
        .mount(&app.salesmanago)
        .await;
    ankieter::manage::set_salesmanago(
        app.store(),
        &app.state.key,
        app.account_id,
        sm_input(&app.salesmanago.uri()),
        ankieter::domain::EndpointPolicy::Any,
    )
    .await
    .unwrap();
    app.deliver_all_pending().await;
    assert!(app
        .deliveries()
        .await
        .iter()
        .all(|d| d.status == DeliveryStatus::Delivered));
}

#[tokio::test]
async fn a_validation_error_fails_with_salesmanagos_message() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_failure("Invalid property value"))
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "a@example.pl").await;

    app.deliver_all_pending().await;
    // A failed delivery is kept for the operator and not retried by itself.
    app.deliver_at(ankieter::clock::now_ms() + 3_600_000).await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Failed);
    assert_eq!(
        delivery.last_error.as_deref(),
        Some("SALESmanago: Invalid property value")
    );
    assert_eq!(delivery.attempts, 1);
}

#[tokio::test]
async fn an_unknown_contact_id_falls_back_to_the_email_answer() {
    let app = spawn_app().await;
    on("/api/contact/update")
        .respond_with(sm_failure("Contact with given id does not exist"))
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    on("/api/contact/upsert")
        .respond_with(sm_success("c-new"))
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit(
        &slug,
        &[
            ("smclientid", CONTACT_ID),
            ("email", "a@example.pl"),
            ("ocena", "5"),
        ],
    )
    .await;

    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.contact_id.as_deref(), Some("c-new"));
    assert_eq!(
        delivery.request_kind.as_deref(),
        Some("upsert (contact id unknown, by e-mail)")
    );
    let upsert = &app.received("/api/contact/upsert").await[0];
    assert_eq!(upsert["contact"]["email"], "a@example.pl");
}

#[tokio::test]
async fn a_response_without_identity_is_skipped_and_sends_nothing() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_success("x"))
        .expect(0)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;

    assert_eq!(app.submit(&slug, &[("ocena", "5")]).await.status(), 303);
    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Skipped);
    assert!(delivery
        .last_error
        .unwrap()
        .contains("nothing identifies the contact"));
}

#[tokio::test]
async fn a_survey_with_the_integration_off_queues_no_delivery() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_success("x"))
        .expect(0)
        .mount(&app.salesmanago)
        .await;
    let mut survey = nps_survey();
    survey["salesmanago"] = json!({"enabled": false});
    let slug = app.import(survey).await;

    assert_eq!(
        app.submit_by_email(&slug, "a@example.pl").await.status(),
        303
    );
    app.deliver_all_pending().await;

    assert!(app.deliveries().await.is_empty());
}

#[tokio::test]
async fn a_malformed_smclientid_is_ignored_and_noted() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(sm_success("c-4"))
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    on("/api/contact/update")
        .respond_with(sm_success("x"))
        .expect(0)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;

    let response = app
        .submit(
            &slug,
            &[
                ("smclientid", "1' OR '1'='1"),
                ("email", "a@example.pl"),
                ("ocena", "5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert!(delivery.plan.notes[0].contains("smclientid"));
}

#[tokio::test]
async fn pending_deliveries_survive_a_restart() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "a@example.pl").await;
    app.submit(&slug, &[("email", "b@example.pl"), ("ocena", "6")])
        .await;

    let app = app.restart().await;
    on("/api/contact/upsert")
        .respond_with(sm_success("c-5"))
        .expect(2)
        .mount(&app.salesmanago)
        .await;
    app.deliver_all_pending().await;

    assert!(app
        .deliveries()
        .await
        .iter()
        .all(|d| d.status == DeliveryStatus::Delivered));
    assert_eq!(app.deliveries().await.len(), 2);
}

#[tokio::test]
async fn the_running_worker_delivers_at_once_without_waiting_for_its_poll() {
    let app = spawn_app_with(|s| {
        s.worker.enabled = true;
        s.worker.poll_interval_ms = 120_000;
    })
    .await;
    on("/api/contact/upsert")
        .respond_with(sm_success("c-6"))
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    let slug = app.import(nps_survey()).await;
    // Let the worker reach its sleep: only the in-process wake-up can reach it now.
    tokio::time::sleep(Duration::from_millis(200)).await;

    app.submit_by_email(&slug, "a@example.pl").await;

    let mut delivered = false;
    for _ in 0..100 {
        if app
            .deliveries()
            .await
            .first()
            .is_some_and(|d| d.status == DeliveryStatus::Delivered)
        {
            delivered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(delivered, "the worker was not woken by the new response");
}
