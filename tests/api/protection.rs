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
            .responses(deliveries[0].survey_id().unwrap())
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
    // The second time through the "answer again" link the first one offers.
    for visit in [slug.clone(), format!("{slug}?answer-again=1")] {
        let token = form_token(&app, &visit).await;
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

#[tokio::test]
async fn malformed_encoding_and_invalid_utf8_get_a_400_page_and_store_nothing() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    for body in ["ocena=5&uwagi=%zz", "ocena=5&uwagi=%C5", "ocena=5&uwagi=%"] {
        let response = app.post_raw(&format!("/s/{slug}"), body).await;
        assert_eq!(response.status(), 400, "{body}");
        let document = html(&response.text().await.unwrap());
        assert_eq!(
            select(&document, "h1")[0].text().collect::<String>(),
            "Bad request"
        );
    }
    assert!(app.deliveries().await.is_empty());
}

#[tokio::test]
async fn too_many_fields_get_a_413_page() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let body = (0..3000)
        .map(|i| format!("f{i}=x"))
        .collect::<Vec<_>>()
        .join("&");

    let response = app.post_raw(&format!("/s/{slug}"), body).await;

    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn a_burst_of_submissions_from_one_address_gets_429_with_retry_after() {
    let app = spawn_app_with(|s| s.rate_limit.submissions_per_minute = 3).await;
    let slug = app.import(nps_survey()).await;

    for _ in 0..3 {
        assert_eq!(app.submit(&slug, &[("ocena", "5")]).await.status(), 303);
    }
    let limited = app.submit(&slug, &[("ocena", "5")]).await;

    assert_eq!(limited.status(), 429);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&wait), "Retry-After {wait}");
    assert_eq!(app.deliveries().await.len(), 3);
}

#[tokio::test]
async fn behind_a_proxy_a_made_up_forwarded_address_does_not_escape_the_limit() {
    let app = spawn_app_with(|s| {
        s.rate_limit.submissions_per_minute = 3;
        s.rate_limit.trust_forwarded_for = true;
    })
    .await;
    let slug = app.import(nps_survey()).await;
    let submit = |made_up: String| {
        let form = serde_urlencoded::to_string([("ocena", "5")]).unwrap();
        app.client
            .post(format!("{}/s/{slug}", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            // The client's own first entry, then what the one proxy appended.
            .header("x-forwarded-for", format!("{made_up}, 203.0.113.7"))
            .header("forwarded", format!("for={made_up}"))
            .body(form)
            .send()
    };
    let mut statuses = Vec::new();
    for n in 0..4 {
        statuses.push(
            submit(format!("10.0.0.{n}"))
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [303, 303, 303, 429]);
}

#[tokio::test]
async fn password_guessing_is_throttled() {
    let app = spawn_app_with(|s| s.rate_limit.password_attempts_per_minute = 2).await;
    let mut survey = nps_survey();
    survey["access"] = serde_json::json!({"mode": "password", "password": "tajne"});
    let slug = app.import(survey).await;
    let path = format!("/s/{slug}/password");

    assert_eq!(
        app.post_form(&path, &[("password", "a")]).await.status(),
        401
    );
    assert_eq!(
        app.post_form(&path, &[("password", "b")]).await.status(),
        401
    );
    assert_eq!(
        app.post_form(&path, &[("password", "tajne")])
            .await
            .status(),
        429
    );
}
