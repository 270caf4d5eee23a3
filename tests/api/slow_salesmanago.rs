//! A slow SALESmanago, with the running worker (not a hand-stepped one):
//! every response reaches it exactly once when nothing crashes, and one
//! account's slow or hanging SALESmanago does not hold up another's.

use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use uuid::Uuid;
use wiremock::MockServer;

/// E-mails SALESmanago received on `/api/contact/upsert`, with how often.
async fn received_emails(server: &MockServer) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for request in server.received_requests().await.unwrap() {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let email = body["contact"]["email"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        *counts.entry(email).or_default() += 1;
    }
    counts
}

/// Waits (up to `limit`) until `count` deliveries of `account` are delivered.
async fn wait_delivered(app: &TestApp, account: Uuid, count: usize, limit: Duration) -> usize {
    let started = Instant::now();
    loop {
        let delivered = app
            .deliveries()
            .await
            .iter()
            .filter(|d| d.account_id == account && d.status == DeliveryStatus::Delivered)
            .count();
        if delivered >= count || started.elapsed() > limit {
            return delivered;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn with_a_slow_salesmanago_every_response_arrives_exactly_once() {
    // 60 responses, 4 calls at a time, 300 ms each: 4.5 s of sending, past
    // the 4 s lease. Claims taken long before their call would expire and
    // be claimed and sent again.
    let app = spawn_app_with(|s| {
        s.worker.enabled = true;
        s.worker.concurrency = 4;
        s.worker.account_concurrency = 4;
        s.worker.lease_secs = 4;
        // Two calls of it and the margin fit in the lease (see the settings).
        s.salesmanago.timeout_ms = 500;
    })
    .await;
    app.answer(
        "/api/contact/upsert",
        sm_success("c").set_delay(Duration::from_millis(300)),
        ..,
    )
    .await;
    let slug = app.import(nps_survey()).await;
    for i in 0..60 {
        app.submit_by_email(&slug, &format!("r{i}@example.pl"))
            .await;
    }

    let delivered = wait_delivered(&app, app.account_id, 60, Duration::from_secs(60)).await;

    assert_eq!(delivered, 60);
    let received = received_emails(&app.salesmanago).await;
    assert_eq!(received.len(), 60, "every response arrived");
    let repeated: Vec<_> = received.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "sent more than once: {repeated:?}");
    assert!(app.deliveries().await.iter().all(|d| d.attempts == 1));
}

#[tokio::test]
async fn an_account_whose_salesmanago_hangs_does_not_hold_up_another() {
    let app = spawn_app_with(|s| {
        s.worker.enabled = true;
        s.worker.concurrency = 8;
        s.worker.account_concurrency = 4;
        s.worker.lease_secs = 60;
        s.salesmanago.timeout_ms = 30_000;
    })
    .await;
    let hanging = MockServer::start().await;
    on("/api/contact/upsert")
        .respond_with(sm_success("slow").set_delay(Duration::from_secs(40)))
        .mount(&hanging)
        .await;
    app.answer("/api/contact/upsert", sm_success("fast"), ..)
        .await;
    let slug = app.import(nps_survey()).await;
    let slow = app.add_account("Wolna", &hanging.uri(), "wolna").await;
    // The hanging account's responses come first: they are due first.
    for i in 0..20 {
        app.submit_by_email("wolna", &format!("w{i}@example.pl"))
            .await;
    }
    for i in 0..100 {
        app.submit_by_email(&slug, &format!("r{i}@example.pl"))
            .await;
    }

    // Well inside the hanging calls' 30 s timeout: while they all still hang.
    let delivered = wait_delivered(&app, app.account_id, 100, Duration::from_secs(25)).await;

    assert_eq!(
        delivered, 100,
        "the healthy account drained while the other hung"
    );
    let received = received_emails(&app.salesmanago).await;
    assert_eq!(received.len(), 100);
    assert!(received.values().all(|n| *n == 1), "no duplicates");
    let in_flight = hanging.received_requests().await.unwrap().len();
    assert!(
        (1..=4).contains(&in_flight),
        "the hanging account holds at most its share of calls: {in_flight}"
    );
    let slow_deliveries: Vec<_> = app
        .deliveries()
        .await
        .into_iter()
        .filter(|d| d.account_id == slow)
        .collect();
    assert!(slow_deliveries
        .iter()
        .all(|d| d.status == DeliveryStatus::Pending));
    assert_eq!(
        slow_deliveries.iter().filter(|d| d.attempts > 0).count(),
        in_flight,
        "only what was being sent was claimed"
    );
}

/// An event makes two calls (the contact check, then the event): a claim
/// whose lease covers one call but not two is given back unsent, while a
/// survey response's single call still goes.
#[tokio::test]
async fn an_event_starts_only_with_a_lease_for_both_its_calls() {
    use crate::contact_center::{interaction, salesmanago_knows_everyone, BASIC};
    // Claims of 4 s: one 2 s call and the margin fit, two do not.
    let app = spawn_app_with(|s| {
        s.salesmanago.timeout_ms = 2_000;
        s.worker.lease_secs = 4;
    })
    .await;
    salesmanago_knows_everyone(&app).await;
    app.answer("/api/contact/upsert", sm_success("c"), ..).await;
    ankieter::manage::create_contact_center(
        app.store(),
        app.account_id,
        "thulium-main",
        Default::default(),
    )
    .await
    .unwrap();
    let api = crate::json_api::api_for(&app, app.account_id).await;
    api.post("/api/v1/interactions", &interaction("t-1", "ticket_closed"))
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "anna@example.pl").await;

    app.worker
        .deliver_due(ankieter::clock::now_ms())
        .await
        .unwrap();

    assert!(
        app.received(BASIC).await.is_empty(),
        "the event was not started"
    );
    assert_eq!(app.received("/api/contact/upsert").await.len(), 1);
    let deliveries = app.deliveries().await;
    let event = deliveries
        .iter()
        .find(|d| d.work.event().is_some())
        .unwrap();
    // Given back as if it had not been claimed.
    assert_eq!(event.status, ankieter::db::DeliveryStatus::Pending);
    assert_eq!(event.attempts, 0);
}
