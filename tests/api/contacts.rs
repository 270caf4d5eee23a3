//! The contact card through the JSON API: SALESmanago's data (kept for a
//! minute) and the account's ledger for the e-mail.

use crate::contact_center::{app_with_integration, interaction, salesmanago_knows_everyone};
use crate::helpers::*;
use crate::json_api::api_for;
use ankieter::domain::ContactCenterRules;
use reqwest::StatusCode;
use serde_json::json;
use wiremock::ResponseTemplate;

const LIST: &str = "/api/contact/list";

fn jan_in_salesmanago() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": true, "message": [], "contacts": [{
        "id": "c-1", "email": "jan@example.com", "name": "Jan <b>Kowalski</b>", "score": 12,
        "createdOn": 1_700_000_000_000_i64, "optedOut": false,
        "contactTags": [{"tag": "VIP"}],
        "properties": [{"name": "miasto", "value": "Kraków"}, {"name": "ankieta.Ocena", "value": "9"}],
        "contactExtEvents": [
            {"contactExtEventType": "PURCHASE", "description": "Zakup", "date": 1},
            {"contactExtEventType": "PHONE_CALL", "description": "THULIUM_INCOMING_CALL_COMPLETED", "date": 2, "detail6": "312"}
        ]
    }]}))
}

#[tokio::test]
async fn the_card_shows_salesmanagos_data_and_the_ledger_for_the_e_mail() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    salesmanago_knows_everyone(&app).await;
    app.answer(LIST, jan_in_salesmanago(), 1).await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "Jan@Example.com").await;
    app.submit_by_email(&slug, "anna@example.com").await;
    api.post("/api/v1/interactions", &interaction("t-1", "ticket_closed"))
        .await;

    let card = api.get("/api/v1/contacts/jan@example.com").await;
    let again = api.get("/api/v1/contacts/JAN@example.com").await;

    assert_eq!(card.status, StatusCode::OK);
    let sm = &card.body["salesmanago"];
    assert_eq!(sm["state"], "found");
    assert_eq!(
        sm["contact"]["name"], "Jan <b>Kowalski</b>",
        "data as SALESmanago has it; escaping is the page's"
    );
    assert_eq!(sm["contact"]["tags"], json!(["VIP"]));
    assert_eq!(
        sm["contact"]["properties"][0],
        json!(["ankieta.Ocena", "9"])
    );
    assert_eq!(
        sm["contact"]["events"][0]["description"],
        "THULIUM_INCOMING_CALL_COMPLETED"
    );
    let kinds: Vec<&str> = card.body["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec!["event", "response"],
        "newest first; anna's is not on jan's card"
    );
    assert_eq!(
        again.body["salesmanago"]["state"], "found",
        "kept: SALESmanago asked once"
    );
    let asked = app.received(LIST).await;
    assert_eq!(asked[0]["email"], json!(["jan@example.com"]));
}

#[tokio::test]
async fn not_in_salesmanago_and_salesmanago_down_are_states_of_the_card() {
    let app = spawn_app().await;
    let api = api_for(&app, app.account_id).await;
    app.answer(LIST, ResponseTemplate::new(503), 1).await;
    let down = api.get("/api/v1/contacts/nikt@example.com").await;
    assert_eq!(down.status, StatusCode::OK);
    assert_eq!(down.body["salesmanago"]["state"], "unavailable");
    assert!(down.body["salesmanago"]["message"]
        .as_str()
        .unwrap()
        .contains("did not answer"));

    // A failure is not kept: the next look-up asks again.
    app.salesmanago.reset().await;
    app.answer(
        LIST,
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": []})),
        1,
    )
    .await;
    let missing = api.get("/api/v1/contacts/nikt@example.com").await;
    assert_eq!(missing.body["salesmanago"]["state"], "not_found");
    assert_eq!(missing.body["ledger"], json!([]));

    let bad = api.get("/api/v1/contacts/not-an-email").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.field(), "email");
}

#[tokio::test]
async fn another_account_sees_its_own_salesmanago_and_ledger_only() {
    let (app, _, _, _) = app_with_integration(ContactCenterRules::default()).await;
    salesmanago_knows_everyone(&app).await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "jan@example.com").await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna")
        .await;
    let other_api = api_for(&app, other).await;
    app.answer(
        LIST,
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": []})),
        1,
    )
    .await;

    let card = other_api.get("/api/v1/contacts/jan@example.com").await;

    assert_eq!(
        card.body["ledger"],
        json!([]),
        "the first account's response is not shown"
    );
    assert_eq!(card.body["salesmanago"]["state"], "not_found");
}

#[tokio::test]
async fn card_look_ups_are_limited_per_account() {
    let app = spawn_app_with(|s| s.rate_limit.card_lookups_per_minute = 2).await;
    let api = api_for(&app, app.account_id).await;
    app.answer(
        LIST,
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "contacts": []})),
        ..,
    )
    .await;
    for _ in 0..2 {
        let card = api.get("/api/v1/contacts/jan@example.com").await;
        assert_eq!(card.body["salesmanago"]["state"], "not_found");
    }
    let third = api.get("/api/v1/contacts/jan@example.com").await;
    assert_eq!(third.status, StatusCode::OK, "the ledger is still shown");
    assert_eq!(third.body["salesmanago"]["state"], "unavailable");
    assert!(third.body["salesmanago"]["message"]
        .as_str()
        .unwrap()
        .contains("Too many contact look-ups"));
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna")
        .await;
    let other_api = api_for(&app, other).await;
    let theirs = other_api.get("/api/v1/contacts/jan@example.com").await;
    assert_eq!(
        theirs.body["salesmanago"]["state"], "not_found",
        "another account is not held up"
    );
}
