//! Hidden fields: declared by the survey, filled from its link, stored with
//! the response, forwarded as properties, never rendered unescaped.

use crate::admin::{sign_in, texts};
use crate::helpers::*;
use ankieter::manage::{import_survey, ManageError};
use reqwest::StatusCode;
use serde_json::json;

fn campaign_survey() -> serde_json::Value {
    let mut survey = nps_survey();
    survey["hidden_fields"] = json!(["utm_source", "campaign"]);
    survey
}

fn hidden_inputs(page: &str) -> Vec<(String, String)> {
    let document = html(page);
    select(&document, "form input[type=hidden]")
        .iter()
        .map(|input| {
            (
                input.value().attr("name").unwrap_or_default().to_owned(),
                input.value().attr("value").unwrap_or_default().to_owned(),
            )
        })
        .filter(|(name, _)| !name.starts_with('_'))
        .collect()
}

#[tokio::test]
async fn hidden_fields_from_the_link_are_stored_and_forwarded_as_properties() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_success("c"), 1).await;
    let slug = app.import(campaign_survey()).await;
    let page = app
        .get(&format!(
            "/s/{slug}?utm_source=newsletter&campaign=%3Cscript%3Ealert(1)%3C%2Fscript%3E&other=x"
        ))
        .await
        .text()
        .await
        .unwrap();
    let carried = hidden_inputs(&page);
    assert_eq!(
        carried,
        [
            ("utm_source".to_owned(), "newsletter".to_owned()),
            (
                "campaign".to_owned(),
                "<script>alert(1)</script>".to_owned()
            )
        ],
        "declared fields only, values intact"
    );
    assert!(select(&html(&page), "script").is_empty(), "nothing runs");

    let mut fields: Vec<(&str, &str)> = carried
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    fields.extend([("email", "jan@example.com"), ("ocena", "9"), ("other", "x")]);
    assert_eq!(
        app.submit(&slug, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    app.deliver_all_pending().await;
    let body = &app.received("/api/contact/upsert").await[0];
    assert_eq!(body["properties"]["ankieta.utm_source"], "newsletter");
    assert_eq!(
        body["properties"]["ankieta.campaign"],
        "<script>alert(1)</script>"
    );
    assert!(body["properties"].get("ankieta.other").is_none());

    let survey = app.store().survey_by_slug(&slug).await.unwrap().unwrap();
    let stored = &app.store().responses(survey.id).await.unwrap()[0];
    assert_eq!(
        stored.hidden,
        [
            ("utm_source".to_owned(), "newsletter".to_owned()),
            (
                "campaign".to_owned(),
                "<script>alert(1)</script>".to_owned()
            )
        ]
    );

    // The admin shows them (escaped) and exports them.
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, detail) = admin.page(&format!("/admin/responses/{}", stored.id)).await;
    let facts = texts(&detail, ".facts dd");
    assert!(
        facts.contains(&"<script>alert(1)</script>".to_owned()),
        "{facts:?}"
    );
    assert!(select(&html(&detail), "main script").is_empty());
    let csv = admin
        .get(&format!("/admin/surveys/{}/responses.csv", survey.id))
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&row[column("utm_source")], "newsletter");
    assert_eq!(&row[column("campaign")], "<script>alert(1)</script>");
}

#[tokio::test]
async fn long_values_are_bounded_and_cut_like_answers() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_success("c"), ..).await;
    let slug = app.import(campaign_survey()).await;
    let long = "k".repeat(900);
    app.submit(
        &slug,
        &[
            ("email", "jan@example.com"),
            ("ocena", "9"),
            ("campaign", long.as_str()),
        ],
    )
    .await;
    app.deliver_all_pending().await;
    let survey = app.store().survey_by_slug(&slug).await.unwrap().unwrap();
    let stored = &app.store().responses(survey.id).await.unwrap()[0];
    assert_eq!(stored.hidden[0].1.len(), 500, "stored up to 500 characters");
    let body = &app.received("/api/contact/upsert").await[0];
    assert_eq!(
        body["properties"]["ankieta.campaign"]
            .as_str()
            .unwrap()
            .len(),
        255
    );
    assert_eq!(
        app.only_delivery().await.response_plan().unwrap().cut_keys,
        ["ankieta.campaign"]
    );
}

#[tokio::test]
async fn the_password_gate_keeps_the_hidden_fields() {
    let app = spawn_app().await;
    let mut survey = campaign_survey();
    survey["access"] = json!({"mode": "password", "password": "tajne"});
    let slug = app.import(survey).await;
    let gate = app
        .get(&format!("/s/{slug}?utm_source=fb"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        hidden_inputs(&gate),
        [("utm_source".to_owned(), "fb".to_owned())]
    );
    let unlocked = app
        .post_form(
            &format!("/s/{slug}/password"),
            &[("password", "tajne"), ("utm_source", "fb")],
        )
        .await;
    assert_eq!(
        unlocked.headers()["location"],
        format!("/s/{slug}?utm_source=fb")
    );
}

#[tokio::test]
async fn hidden_field_names_are_checked_on_import() {
    let app = spawn_app().await;
    let mut survey = nps_survey();
    survey["hidden_fields"] = json!(["Bad-Name", "smclientid", "utm", "utm", "ocena", "uwagi"]);
    let error = import_survey(
        app.store(),
        &app.state.key,
        app.account_id,
        &survey.to_string(),
    )
    .await
    .unwrap_err();
    let ManageError::InvalidSurvey(errors) = error else {
        panic!("{error:?}")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "hidden_fields[0]",
            "hidden_fields[1]",
            "hidden_fields[3]",
            "hidden_fields[4]",
            "hidden_fields[5]"
        ],
        "{errors:?}"
    );
    assert!(errors[4].message.contains("question's id"), "{errors:?}");
}
