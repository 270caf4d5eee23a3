//! A SALESmanago outage: refused connections, then 503, then 429 with
//! Retry-After. The backlog drains after recovery, attempts back off, and
//! Retry-After is honoured. Time is moved, not slept.

use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use ankieter::manage::set_salesmanago;
use wiremock::ResponseTemplate;

const RESPONSES: usize = 20;

/// Runs the worker once per simulated second from `from` for `seconds`; returns the end time.
async fn run_for(app: &TestApp, from: i64, seconds: i64) -> i64 {
    for second in 0..seconds {
        app.deliver_at(from + second * 1000).await;
    }
    from + seconds * 1000
}

async fn total_attempts(app: &TestApp) -> i64 {
    app.deliveries().await.iter().map(|d| d.attempts).sum()
}

#[tokio::test]
async fn the_backlog_drains_after_an_outage_without_hammering_salesmanago() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    for i in 0..RESPONSES {
        app.submit(
            &slug,
            &[("email", &format!("r{i}@example.pl")), ("ocena", "7")],
        )
        .await;
    }
    let start = ankieter::clock::now_ms();

    // 1. Connections refused for 10 minutes (nothing listens on port 9).
    let refused = sm_input("http://127.0.0.1:9");
    set_salesmanago(
        app.store(),
        &app.state.key,
        app.account_id,
        refused,
        ankieter::domain::EndpointPolicy::Any,
    )
    .await
    .unwrap();
    let t = run_for(&app, start, 600).await;
    let refused_attempts = total_attempts(&app).await;
    // Backoff 1, 2, 4, … s with jitter down to half: at most 11 tries each in 10 minutes, not 600.
    assert!(
        refused_attempts <= (RESPONSES * 11) as i64,
        "{refused_attempts} attempts while refused"
    );
    assert!(app.all_deliveries_are(DeliveryStatus::Pending).await);

    // 2. SALESmanago is back but answers 503 for 15 minutes.
    app.answer("/api/contact/upsert", ResponseTemplate::new(503), ..)
        .await;
    set_salesmanago(
        app.store(),
        &app.state.key,
        app.account_id,
        sm_input(&app.salesmanago.uri()),
        ankieter::domain::EndpointPolicy::Any,
    )
    .await
    .unwrap();
    let t = run_for(&app, t, 900).await;
    let hits_503 = app.salesmanago.received_requests().await.unwrap().len();
    // Waits are capped at 15 minutes, so each delivery tries at least once, and rarely.
    assert!(
        (RESPONSES..=RESPONSES * 3).contains(&hits_503),
        "{hits_503} calls during 15 min of 503"
    );

    // 3. Then 429 with Retry-After: 120 for 5 minutes.
    app.salesmanago.reset().await;
    app.answer(
        "/api/contact/upsert",
        ResponseTemplate::new(429).insert_header("Retry-After", "120"),
        ..,
    )
    .await;
    let t = run_for(&app, t, 300).await;
    let hits_429 = app.salesmanago.received_requests().await.unwrap().len();
    // 300 s at one call per 120 s: at most 3 calls per delivery.
    assert!(
        hits_429 <= RESPONSES * 3,
        "{hits_429} calls during 5 min of 429 (Retry-After 120)"
    );
    for delivery in app
        .deliveries()
        .await
        .iter()
        .filter(|d| d.last_error.as_deref() == Some("HTTP 429"))
    {
        let wait = delivery.next_attempt_at - delivery.updated_at;
        assert!(
            wait >= 119_000,
            "Retry-After honoured: waited only {wait} ms"
        );
    }

    // 4. Recovery: everything is delivered, each response exactly once.
    app.salesmanago.reset().await;
    app.answer("/api/contact/upsert", sm_success("c"), ..).await;
    run_for(&app, t, 16 * 60).await;

    let deliveries = app.deliveries().await;
    assert!(deliveries
        .iter()
        .all(|d| d.status == DeliveryStatus::Delivered));
    let mut emails: Vec<String> = app
        .received("/api/contact/upsert")
        .await
        .iter()
        .map(|body| body["contact"]["email"].as_str().unwrap().to_owned())
        .collect();
    emails.sort();
    let received = emails.len();
    emails.dedup();
    assert_eq!(
        (received, emails.len()),
        (RESPONSES, RESPONSES),
        "each response delivered once after recovery"
    );
    println!(
        "outage: {RESPONSES} responses; attempts while refused (10 min): {refused_attempts}; \
         calls during 503 (15 min): {hits_503}; calls during 429/Retry-After 120 (5 min): {hits_429}; \
         total attempts: {}",
        deliveries.iter().map(|d| d.attempts).sum::<i64>()
    );
}
