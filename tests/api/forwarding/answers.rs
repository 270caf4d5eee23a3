//! What each of SALESmanago's answers does to a delivery.

use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use std::time::Duration;

#[tokio::test]
async fn a_server_error_is_retried_with_backoff_and_then_delivered() {
    let app = spawn_app().await;
    on("/api/contact/upsert")
        .respond_with(wiremock::ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&app.salesmanago)
        .await;
    app.answer("/api/contact/upsert", sm_success("c-2"), 1)
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
    let (app, slug) = app_answering(
        "/api/contact/upsert",
        sm_success("late").set_delay(Duration::from_secs(3)),
        ..,
    )
    .await;
    app.submit_by_email(&slug, "a@example.pl").await;

    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Pending);
    assert_eq!(delivery.last_error.as_deref(), Some("timed out"));
}

#[tokio::test]
async fn a_429_with_retry_after_waits_as_long_as_salesmanago_asks() {
    let (app, slug) = app_answering(
        "/api/contact/upsert",
        wiremock::ResponseTemplate::new(429).insert_header("Retry-After", "120"),
        ..,
    )
    .await;
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
    let (app, slug) = app_answering(
        "/api/contact/upsert",
        wiremock::ResponseTemplate::new(503),
        ..,
    )
    .await;
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
    assert!(app.all_deliveries_are(DeliveryStatus::Paused).await);

    app.answer("/api/contact/upsert", sm_success("c-3"), 2)
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
    assert!(app.all_deliveries_are(DeliveryStatus::Delivered).await);
}

#[tokio::test]
async fn a_validation_error_fails_with_salesmanagos_message() {
    let (app, slug) = app_answering(
        "/api/contact/upsert",
        sm_failure("Invalid property value"),
        1,
    )
    .await;
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
