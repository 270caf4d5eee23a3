//! An endpoint that does not answer like SALESmanago: redirects, answers far
//! too large, and `Retry-After` values out of all proportion.

use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use wiremock::{MockServer, ResponseTemplate};

#[tokio::test]
async fn a_redirect_is_never_followed_and_pauses_the_account_with_the_reason() {
    for status in [301, 302, 307, 308] {
        let app = spawn_app().await;
        let elsewhere = MockServer::start().await;
        on("/api/contact/upsert")
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}/collect", elsewhere.uri())),
            )
            .expect(1)
            .mount(&app.salesmanago)
            .await;
        let slug = app.import(nps_survey()).await;
        app.submit_by_email(&slug, "anna@example.pl").await;
        app.deliver_all_pending().await;

        assert!(
            elsewhere.received_requests().await.unwrap().is_empty(),
            "HTTP {status}: the signed body went nowhere else"
        );
        let delivery = app.only_delivery().await;
        assert_eq!(delivery.status, DeliveryStatus::Paused, "HTTP {status}");
        let account = app.store().account(app.account_id).await.unwrap().unwrap();
        let reason = account.paused_reason.unwrap();
        assert!(
            reason.contains(&format!("HTTP {status}")) && reason.contains("check the endpoint"),
            "{reason}"
        );
    }
}

#[tokio::test]
async fn an_answer_over_64_kb_is_not_read_whole_and_is_retried() {
    let app = spawn_app().await;
    let huge = format!(
        r#"{{"success": true, "padding": "{}"}}"#,
        "x".repeat(10 << 20)
    );
    app.answer(
        "/api/contact/upsert",
        ResponseTemplate::new(200).set_body_raw(huge, "application/json"),
        ..,
    )
    .await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "anna@example.pl").await;
    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(
        delivery.status,
        DeliveryStatus::Pending,
        "not delivered on a 10 MB body"
    );
    let error = delivery.last_error.unwrap();
    assert!(error.contains("over 64 KB"), "{error}");
}

#[tokio::test]
async fn retry_after_is_kept_within_one_second_and_fifteen_minutes() {
    for (asked, waited) in [("0", 1_000), ("259200", 900_000)] {
        let app = spawn_app().await;
        app.answer(
            "/api/contact/upsert",
            ResponseTemplate::new(429).insert_header("retry-after", asked),
            ..,
        )
        .await;
        let slug = app.import(nps_survey()).await;
        app.submit_by_email(&slug, "anna@example.pl").await;
        let before = ankieter::clock::now_ms();
        app.deliver_all_pending().await;
        let after = ankieter::clock::now_ms();

        let delivery = app.only_delivery().await;
        assert_eq!(
            delivery.status,
            DeliveryStatus::Pending,
            "Retry-After {asked}"
        );
        let wait = delivery.next_attempt_at - after;
        assert!(
            (waited - 200..=waited + (after - before)).contains(&wait),
            "Retry-After {asked}: next attempt in {wait} ms"
        );
        let error = delivery.last_error.unwrap();
        assert!(
            error.contains(&format!(
                "Retry-After asked for {asked} s, waiting {} s",
                waited / 1000
            )),
            "{error}"
        );
    }
}

#[tokio::test]
async fn calls_never_reach_this_servers_own_network_unless_the_operator_allows_it() {
    // The endpoints were saved when any was allowed (or edited in the
    // database); the worker's own policy still refuses them at connect time,
    // on the address the name resolves to.
    for host in ["127.0.0.1", "localhost"] {
        let app = spawn_app_with(|s| s.salesmanago.allow_any_endpoint = false).await;
        app.answer("/api/contact/upsert", sm_success("c"), 0).await;
        let port = app.salesmanago.address().port();
        ankieter::manage::set_salesmanago(
            app.store(),
            &app.state.key,
            app.account_id,
            sm_input(&format!("http://{host}:{port}")),
            ankieter::domain::EndpointPolicy::Any,
        )
        .await
        .unwrap();
        let slug = app.import(nps_survey()).await;
        app.submit_by_email(&slug, "anna@example.pl").await;
        app.deliver_all_pending().await;

        let delivery = app.only_delivery().await;
        assert_eq!(delivery.status, DeliveryStatus::Paused, "{host}");
        let account = app.store().account(app.account_id).await.unwrap().unwrap();
        let reason = account.paused_reason.unwrap();
        assert!(
            reason.contains("not a public internet address")
                && reason.contains("ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT"),
            "{host}: {reason}"
        );
    }
}
