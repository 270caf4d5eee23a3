//! Never duplicate, keep bots and bad input out.

use crate::helpers::*;

async fn form_token(app: &TestApp, slug: &str) -> String {
    let document = html(&app.get(&format!("/s/{slug}")).await.text().await.unwrap());
    let token = select(&document, "input[name=_submission]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 32);
    token
}

#[tokio::test]
async fn a_resent_form_stores_one_response() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let token = form_token(&app, &slug).await;
    let fields = [
        ("_submission", token.as_str()),
        ("email", "a@example.pl"),
        ("ocena", "5"),
    ];

    let first = app.submit(&slug, &fields).await;
    let resent = app.submit(&slug, &fields).await;

    assert_eq!(first.status(), 303);
    assert_eq!(
        resent.status(),
        303,
        "the resend sees the same thank-you page"
    );
    assert_eq!(resent.headers()["location"], "/s/nps/thanks");
    assert_eq!(app.deliveries().await.len(), 1);
}

#[tokio::test]
async fn concurrent_identical_posts_store_exactly_one_response_and_delivery() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let token = form_token(&app, &slug).await;
    let fields = [
        ("_submission", token.as_str()),
        ("email", "a@example.pl"),
        ("ocena", "5"),
    ];

    let statuses =
        futures_util::future::join_all((0..12).map(|_| app.submit(&slug, &fields))).await;

    assert!(statuses.iter().all(|r| r.status() == 303));
    let deliveries = app.deliveries().await;
    assert_eq!(deliveries.len(), 1);
    assert_eq!(
        app.store()
            .responses(deliveries[0].survey_id)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn different_forms_are_different_responses() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    for _ in 0..2 {
        let token = form_token(&app, &slug).await;
        app.submit(&slug, &[("_submission", token.as_str()), ("ocena", "5")])
            .await;
    }
    assert_eq!(app.deliveries().await.len(), 2);
}

#[tokio::test]
async fn the_token_survives_a_validation_error() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let token = form_token(&app, &slug).await;

    let invalid = app
        .submit(&slug, &[("_submission", token.as_str()), ("email", "zly")])
        .await;
    let document = html(&invalid.text().await.unwrap());

    assert_eq!(
        select(&document, "input[name=_submission]")[0]
            .value()
            .attr("value"),
        Some(token.as_str())
    );
}

#[tokio::test]
async fn a_filled_honeypot_looks_like_success_but_stores_nothing() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;

    let response = app
        .submit(
            &slug,
            &[
                ("_website", "http://spam.example"),
                ("email", "bot@example.pl"),
                ("ocena", "5"),
            ],
        )
        .await;

    assert_eq!(response.status(), 303);
    assert!(app.deliveries().await.is_empty());
}
