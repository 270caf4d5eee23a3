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
