//! A survey closed by hand or outside its opening times says so politely,
//! in its language, and stores nothing sent to it.

use crate::admin::{editor_fields_of, flash_of, sign_in};
use crate::helpers::*;
use reqwest::StatusCode;

fn with_availability(availability: serde_json::Value) -> serde_json::Value {
    let mut survey = nps_survey();
    survey["availability"] = availability;
    survey
}

#[tokio::test]
async fn a_closed_survey_shows_a_polite_page_and_stores_nothing() {
    let app = spawn_app().await;
    app.import(with_availability(serde_json::json!({"closed": true})))
        .await;
    let page = app.get("/s/nps").await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("Ankieta jest zamknięta"), "{page}");
    assert!(!page.contains("<form"), "no form to fill");

    let sent = app.submit_by_email("nps", "jan@example.com").await;
    assert_eq!(sent.status(), StatusCode::CONFLICT);
    assert!(sent
        .text()
        .await
        .unwrap()
        .contains("nie przyjmuje już odpowiedzi"));
    let survey = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert!(app.store().responses(survey.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn before_its_opening_and_after_its_closing_a_survey_takes_nothing() {
    let app = spawn_app().await;
    app.import(with_availability(
        serde_json::json!({"opens_at": "2999-01-01T00:00:00+01:00"}),
    ))
    .await;
    let page = app.get("/s/nps").await.text().await.unwrap();
    assert!(
        page.contains("Ankieta jeszcze się nie rozpoczęła"),
        "{page}"
    );
    assert_eq!(
        app.submit_by_email("nps", "jan@example.com").await.status(),
        StatusCode::CONFLICT
    );

    app.import(with_availability(serde_json::json!({
        "opens_at": "2020-01-01T00:00:00Z", "closes_at": "2021-01-01T00:00:00Z"
    })))
    .await;
    // A survey replaced outside the server is seen once its cache lapses.
    app.state.submissions.forget("nps");
    let page = app.get("/s/nps").await.text().await.unwrap();
    assert!(page.contains("Ankieta jest zamknięta"), "{page}");

    // Open between the two: the form, and answers are kept.
    app.import(with_availability(serde_json::json!({
        "opens_at": "2020-01-01T00:00:00Z", "closes_at": "2999-01-01T00:00:00Z"
    })))
    .await;
    app.state.submissions.forget("nps");
    assert_eq!(
        app.submit_by_email("nps", "jan@example.com").await.status(),
        StatusCode::SEE_OTHER
    );
}

/// What importing `survey` is refused with.
async fn import_error(app: &TestApp, survey: serde_json::Value) -> String {
    ankieter::manage::import_survey(
        app.store(),
        &app.state.key,
        app.account_id,
        &survey.to_string(),
    )
    .await
    .unwrap_err()
    .to_string()
}

#[tokio::test]
async fn a_schedule_that_makes_no_sense_is_refused_by_field() {
    let app = spawn_app().await;
    let backwards = with_availability(serde_json::json!({
        "opens_at": "2027-01-02T00:00:00Z", "closes_at": "2027-01-01T00:00:00Z"
    }));
    let error = import_error(&app, backwards).await;
    assert!(error.contains("availability.closes_at"), "{error}");
    let nonsense = with_availability(serde_json::json!({"opens_at": "jutro"}));
    let error = import_error(&app, nonsense).await;
    assert!(error.contains("availability.opens_at"), "{error}");
}

#[tokio::test]
async fn the_editor_closes_and_schedules_in_the_accounts_time_zone() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let survey = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    let url = format!("/admin/surveys/{}", survey.id);
    let (_, page) = admin.page(&url).await;
    // Every field as the editor shows it, then the schedule on top.
    let mut fields: Vec<(String, String)> = editor_fields_of(&page)
        .into_iter()
        .filter(|(name, _)| !["opens_at", "closes_at"].contains(&name.as_str()))
        .collect();
    fields.push(("closes_at".into(), "2027-01-31T18:00".into()));
    fields.push(("action".into(), "save".into()));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let (_, page) = admin.post_and_follow(&url, &borrowed).await;
    assert!(flash_of(&page).contains("saved"), "{}", flash_of(&page));
    let saved = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert_eq!(
        saved.document.availability.closes_at.as_deref(),
        Some("2027-01-31T17:00:00Z"),
        "18:00 in Warsaw, stored as UTC"
    );
    let document = html(&page);
    assert_eq!(
        select(&document, "#closes_at")[0].value().attr("value"),
        Some("2027-01-31T18:00"),
        "shown back in Warsaw's time"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_response_limit_holds_when_many_fill_the_last_places_at_once() {
    let app = spawn_app().await;
    app.import(with_availability(serde_json::json!({"max_responses": 5})))
        .await;
    let mut other = nps_survey();
    other["slug"] = serde_json::json!("bez-limitu");
    app.import(other).await;
    let fills = (0..30).map(|n| {
        let app = &app;
        async move {
            let answer = app
                .submit_by_email("nps", &format!("r{n}@example.pl"))
                .await;
            (answer.status(), answer.text().await.unwrap())
        }
    });
    let unlimited = (0..10).map(|n| {
        let app = &app;
        async move {
            app.submit_by_email("bez-limitu", &format!("u{n}@example.pl"))
                .await
                .status()
        }
    });
    let (answers, unlimited) = tokio::join!(
        futures_util::future::join_all(fills),
        futures_util::future::join_all(unlimited)
    );
    let taken = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(taken, 5, "exactly the limit is taken");
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::SEE_OTHER) {
        assert_eq!(*status, StatusCode::CONFLICT);
        assert!(
            body.contains("Zebraliśmy już wszystkie odpowiedzi"),
            "{body}"
        );
    }
    assert!(
        unlimited.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "a survey without a limit does not wait: {unlimited:?}"
    );
    let survey = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert_eq!(app.store().response_count(survey.id).await.unwrap(), 5);
    let deliveries = app.deliveries().await;
    assert_eq!(
        deliveries
            .iter()
            .filter(|d| d.survey_id() == Some(survey.id))
            .count(),
        5,
        "a refused fill queues nothing"
    );
    // Once full, the page says so instead of showing a form to fill in vain.
    let page = app.get("/s/nps").await.text().await.unwrap();
    assert!(
        page.contains("Zebraliśmy już wszystkie odpowiedzi"),
        "{page}"
    );
    assert!(!page.contains("<form"), "no form to fill");
}

#[tokio::test]
async fn a_resent_form_still_gets_its_thanks_when_the_survey_is_full() {
    let app = spawn_app().await;
    let slug = app
        .import(with_availability(serde_json::json!({"max_responses": 1})))
        .await;
    let api = crate::json_api::api_for(&app, app.account_id).await;
    let path = format!("/api/v1/surveys/{slug}/responses");
    let send = |key: &'static str, email: &'static str| {
        let body = serde_json::json!({"answers": {"email": email, "ocena": "9"}});
        let request = api
            .request(reqwest::Method::POST, &path, Some(&body))
            .header("Idempotency-Key", key);
        api.send(request)
    };
    assert_eq!(
        send("k-1", "jan@example.com").await.status,
        StatusCode::CREATED
    );
    let replay = send("k-1", "jan@example.com").await;
    assert_eq!(replay.status, StatusCode::OK, "the one stored, replayed");
    assert_eq!(replay.body["replayed"], true);
    let another = send("k-2", "ewa@example.com").await;
    assert_eq!(another.status, StatusCode::CONFLICT);
    assert!(
        another.body.to_string().contains("limit"),
        "{}",
        another.body
    );
}

#[tokio::test]
async fn a_response_limit_is_set_in_the_editor_and_a_senseless_one_refused() {
    let app = spawn_app().await;
    let error = import_error(
        &app,
        with_availability(serde_json::json!({"max_responses": 0})),
    )
    .await;
    assert!(error.contains("availability.max_responses"), "{error}");

    app.import(nps_survey()).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let survey = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    let url = format!("/admin/surveys/{}", survey.id);
    // The editor's fields as shown, with the limit typed in.
    let fields_with = |limit: &'static str| {
        let (admin, url) = (&admin, &url);
        async move {
            let (_, page) = admin.page(url).await;
            let mut fields: Vec<(String, String)> = editor_fields_of(&page)
                .into_iter()
                .filter(|(name, _)| name != "max_responses")
                .collect();
            fields.push(("max_responses".into(), limit.into()));
            fields.push(("action".into(), "save".into()));
            fields
        }
    };
    let fields = fields_with("250").await;
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let (_, page) = admin.post_and_follow(&url, &pairs).await;
    assert!(flash_of(&page).contains("saved"), "{}", flash_of(&page));
    let saved = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert_eq!(saved.document.availability.max_responses, Some(250));
    let document = html(&page);
    assert_eq!(
        select(&document, "#max_responses")[0].value().attr("value"),
        Some("250")
    );
    for senseless in ["-3", "sto"] {
        let fields = fields_with(senseless).await;
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let answer = admin.post(&url, &pairs).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = answer.text().await.unwrap();
        let document = html(&page);
        let summary: Vec<String> = select(&document, "#form-errors a")
            .iter()
            .map(|a| a.value().attr("href").unwrap_or_default().to_owned())
            .collect();
        assert!(
            summary.contains(&"#max_responses".to_owned()),
            "{senseless}: {summary:?}"
        );
    }
    let kept = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert_eq!(kept.document.availability.max_responses, Some(250));
}
