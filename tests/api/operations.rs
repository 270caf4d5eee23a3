//! Health, readiness, metrics, leases and a broken database.

use crate::helpers::*;
use ankieter::db::{ClaimLimits, DeliveryStatus};

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.text().await.unwrap(), "ok");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
}

#[tokio::test]
async fn metrics_count_responses_outcomes_and_the_queue() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c"), ..).await;
    app.submit_by_email(&slug, "a@example.pl").await;
    app.submit(&slug, &[("email", "b@example.pl"), ("ocena", "6")])
        .await;

    let before = app.get("/metrics").await.text().await.unwrap();
    assert!(
        before.contains("ankieter_responses_received_total 2"),
        "{before}"
    );
    assert!(
        before.contains("ankieter_delivery_queue_depth 2"),
        "{before}"
    );

    app.deliver_all_pending().await;

    let after = app.get("/metrics").await.text().await.unwrap();
    assert!(
        after.contains("ankieter_delivery_attempts_total{outcome=\"delivered\"} 2"),
        "{after}"
    );
    assert!(after.contains("ankieter_delivery_queue_depth 0"), "{after}");
    assert!(
        after.contains("ankieter_delivery_latency_seconds_count 2"),
        "{after}"
    );
    assert!(
        after.contains("ankieter_oldest_pending_delivery_age_seconds 0"),
        "{after}"
    );
}

#[tokio::test]
async fn the_server_writes_the_wal_file_out_and_stores_responses_as_before() {
    let app = spawn_sqlite_app_with(|settings| settings.wal_ready_mb = 2).await;
    // Written out before the server started listening, so that no request
    // waits for it.
    let wal = std::fs::metadata(format!("{}-wal", app.database_path()))
        .unwrap()
        .len();
    assert!(wal >= 2 << 20, "WAL file of {wal} bytes");

    let slug = app.import(nps_survey()).await;
    assert_eq!(
        app.submit_by_email(&slug, "a@example.pl").await.status(),
        303
    );
    let app = app.restart().await;
    assert_eq!(app.deliveries().await.len(), 1, "the response survived");
    assert_eq!(
        app.submit_by_email(&slug, "b@example.pl").await.status(),
        303
    );
    assert_eq!(app.deliveries().await.len(), 2);
}

#[tokio::test]
async fn a_claim_whose_worker_died_expires_and_the_delivery_is_sent_again() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c"), 1).await;
    app.submit_by_email(&slug, "a@example.pl").await;
    let now = ankieter::clock::now_ms();
    let lease_ms = app.settings.worker.lease_secs as i64 * 1000;

    // A worker claims the delivery and dies before it records anything.
    let limits = ClaimLimits {
        total: 10,
        per_account: 10,
        ..ClaimLimits::default()
    };
    let claimed = app
        .store()
        .claim_due(now, now + lease_ms, &limits)
        .await
        .unwrap();
    assert_eq!(claimed.deliveries.len(), 1);
    assert!(
        app.store()
            .claim_due(now + 1_000, now + lease_ms, &limits)
            .await
            .unwrap()
            .deliveries
            .is_empty(),
        "the claim holds"
    );

    app.deliver_at(now + lease_ms + 1).await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.attempts, 2);
}

#[tokio::test]
async fn a_broken_database_gives_an_error_page_and_fails_readiness_without_hanging() {
    let app = spawn_sqlite_app_with(|_| {}).await;
    let slug = app.import(nps_survey()).await;
    let database = app.database_path();
    for suffix in ["", "-wal"] {
        std::fs::OpenOptions::new()
            .write(true)
            .open(format!("{database}{suffix}"))
            .unwrap()
            .set_len(0)
            .unwrap();
    }

    let started = std::time::Instant::now();
    let page = app.get(&format!("/s/{slug}")).await;
    let ready = app.get("/readyz").await;

    assert_eq!(page.status(), 500);
    let document = html(&page.text().await.unwrap());
    assert_eq!(
        select(&document, "h1")[0].text().collect::<String>(),
        "Something went wrong"
    );
    assert_eq!(ready.status(), 503);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[tokio::test]
async fn an_interrupted_key_rotation_can_be_finished_by_running_it_again() {
    use ankieter::crypto::ServerKey;
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    let new = ServerKey::from_hex(&ServerKey::generate_hex()).unwrap();
    // Half done: the survey key is already under the new key, the API secret is not.
    let mut secrets = app.store().encrypted_secrets().await.unwrap();
    let survey_secret = secrets
        .iter_mut()
        .find(|s| s.kind == ankieter::db::SecretKind::SurveyLinkKey)
        .unwrap();
    let plain = app
        .state
        .key
        .decrypt(&survey_secret.ciphertext, &survey_secret.context())
        .unwrap();
    survey_secret.ciphertext = new.encrypt(
        secrecy::ExposeSecret::expose_secret(&plain),
        &survey_secret.context(),
    );
    app.store()
        .replace_encrypted_secrets(&secrets)
        .await
        .unwrap();

    let report = ankieter::manage::rotate_secrets(app.store(), &app.state.key, &new)
        .await
        .unwrap();

    assert_eq!((report.account_secrets, report.survey_link_keys), (1, 1));
    for secret in app.store().encrypted_secrets().await.unwrap() {
        assert!(new.decrypt(&secret.ciphertext, &secret.context()).is_ok());
    }
}

#[tokio::test]
async fn the_per_account_throttle_spaces_out_calls_to_salesmanago() {
    let app = spawn_app_with(|s| s.salesmanago.max_requests_per_second = 5).await;
    app.answer("/api/contact/upsert", sm_success("c"), 10).await;
    let slug = app.import(nps_survey()).await;
    for i in 0..10 {
        app.submit(
            &slug,
            &[("email", &format!("r{i}@example.pl")), ("ocena", "5")],
        )
        .await;
    }

    let started = std::time::Instant::now();
    app.deliver_all_pending().await;

    // A burst of 5, then 5 per second: the last 5 calls need at least a second more.
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert!(app.all_deliveries_are(DeliveryStatus::Delivered).await);
}

#[tokio::test]
async fn the_throttle_counts_every_call_of_an_attempt_not_the_attempt() {
    let app = spawn_app_with(|s| s.salesmanago.max_requests_per_second = 5).await;
    app.answer("/api/contact/upsert", sm_success("c"), 5).await;
    app.answer(
        "/api/v2/contact/addContactExtEvent",
        wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({"success": true})),
        5,
    )
    .await;
    let mut survey = nps_survey();
    survey["salesmanago"]["survey_event"] = serde_json::json!(true);
    let slug = app.import(survey).await;
    for i in 0..5 {
        app.submit(
            &slug,
            &[("email", &format!("r{i}@example.pl")), ("ocena", "5")],
        )
        .await;
    }

    let started = std::time::Instant::now();
    app.deliver_all_pending().await;

    // Five attempts of two calls each: a burst of 5 calls, then 5 per
    // second, so the last 5 calls need at least a second more (counting
    // attempts, all five would go in the burst).
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert!(app.all_deliveries_are(DeliveryStatus::Delivered).await);
}
