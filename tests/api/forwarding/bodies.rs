//! What reaches SALESmanago for each kind of response.

use super::without_auth;
use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use serde_json::json;

#[tokio::test]
async fn an_email_response_upserts_the_contact_with_the_exact_body() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), 1).await;
    let long = "a".repeat(300);

    let response = app
        .submit(
            &slug,
            &[
                ("email", " anna@example.pl "),
                ("ocena", "9"),
                ("kanaly", "Internet"),
                ("kanaly", "Znajomi"),
                ("uwagi", &long),
                ("zgoda", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    app.deliver_all_pending().await;

    let bodies = app.received("/api/contact/upsert").await;
    assert_eq!(
        without_auth(bodies[0].clone()),
        json!({
            "clientId": CLIENT_ID,
            "owner": OWNER,
            "contact": {"email": "anna@example.pl"},
            "properties": {
                "ankieta.Twoj-e-mail": "anna@example.pl",
                "ankieta.Jak-oceniasz-nasza-obsluge?": "9",
                "ankieta.Skad-o-nas-wiesz?": "Znajomi, Internet",
                "ankieta.Uwagi": "a".repeat(255),
                "ankieta.Zgoda-marketingowa": "tak"
            },
            "tags": ["ANKIETA_NPS"],
            "forceOptIn": true
        })
    );
    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.contact_id.as_deref(), Some("c-1"));
    assert_eq!(delivery.request_kind.as_deref(), Some("upsert"));
    assert_eq!(
        delivery.response_plan().unwrap().cut_keys,
        ["ankieta.Uwagi"]
    );
    // The full answer stays stored in ankieter.
    let responses = app
        .store()
        .responses(delivery.survey_id().unwrap())
        .await
        .unwrap();
    assert_eq!(responses[0].answers.get("uwagi").unwrap().values[0], long);
}

#[tokio::test]
async fn a_smclientid_link_updates_that_contact_without_consent_fields() {
    let (app, slug) = app_answering("/api/contact/update", sm_success(CONTACT_ID), 1).await;

    let page = app
        .get(&format!("/s/{slug}?smclientid={CONTACT_ID}"))
        .await
        .text()
        .await
        .unwrap();
    let document = html(&page);
    let hidden = select(&document, "input[name=smclientid]");
    assert_eq!(
        hidden[0].value().attr("value"),
        Some(CONTACT_ID),
        "the link's smclientid is carried in the form"
    );

    let response = app
        .submit(
            &slug,
            &[("smclientid", CONTACT_ID), ("ocena", "3"), ("zgoda", "1")],
        )
        .await;
    assert_eq!(response.status(), 303);
    app.deliver_all_pending().await;

    let bodies = app.received("/api/contact/update").await;
    assert_eq!(
        without_auth(bodies[0].clone()),
        json!({
            "clientId": CLIENT_ID,
            "owner": OWNER,
            "contactId": CONTACT_ID,
            "properties": {
                "ankieta.Jak-oceniasz-nasza-obsluge?": "3",
                "ankieta.Zgoda-marketingowa": "tak"
            },
            "tags": ["ANKIETA_NPS"]
        })
    );
    assert_eq!(app.only_delivery().await.status, DeliveryStatus::Delivered);
}

#[tokio::test]
async fn an_unknown_contact_id_falls_back_to_the_email_answer() {
    let app = spawn_app().await;
    app.answer(
        "/api/contact/update",
        sm_failure("Contact with given id does not exist"),
        1,
    )
    .await;
    app.answer("/api/contact/upsert", sm_success("c-new"), 1)
        .await;
    let slug = app.import(nps_survey()).await;
    app.submit(
        &slug,
        &[
            ("smclientid", CONTACT_ID),
            ("email", "a@example.pl"),
            ("ocena", "5"),
        ],
    )
    .await;

    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.contact_id.as_deref(), Some("c-new"));
    assert_eq!(
        delivery.request_kind.as_deref(),
        Some("upsert (contact id unknown, by e-mail)")
    );
    let upsert = &app.received("/api/contact/upsert").await[0];
    assert_eq!(upsert["contact"]["email"], "a@example.pl");
}

#[tokio::test]
async fn a_response_without_identity_is_skipped_and_sends_nothing() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("x"), 0).await;

    assert_eq!(app.submit(&slug, &[("ocena", "5")]).await.status(), 303);
    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Skipped);
    assert!(delivery
        .last_error
        .unwrap()
        .contains("nothing identifies the contact"));
}

#[tokio::test]
async fn a_survey_with_the_integration_off_queues_no_delivery() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_success("x"), 0).await;
    let mut survey = nps_survey();
    survey["salesmanago"] = json!({"enabled": false});
    let slug = app.import(survey).await;

    assert_eq!(
        app.submit_by_email(&slug, "a@example.pl").await.status(),
        303
    );
    app.deliver_all_pending().await;

    assert!(app.deliveries().await.is_empty());
}

#[tokio::test]
async fn a_malformed_smclientid_is_ignored_and_noted() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_success("c-4"), 1)
        .await;
    app.answer("/api/contact/update", sm_success("x"), 0).await;
    let slug = app.import(nps_survey()).await;

    let response = app
        .submit(
            &slug,
            &[
                ("smclientid", "1' OR '1'='1"),
                ("email", "a@example.pl"),
                ("ocena", "5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert!(delivery.response_plan().unwrap().notes[0].contains("smclientid"));
}
