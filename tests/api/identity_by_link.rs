//! A link that identifies the contact (`smclientid`) makes the e-mail
//! question that would identify them optional for that fill.

use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use ankieter::domain::sign_contact_id;
use ankieter::domain::Target;
use reqwest::Method;
use serde_json::json;

/// `nps_survey` with its e-mail question required.
fn survey_requiring_email() -> serde_json::Value {
    let mut survey = nps_survey();
    survey["questions"][0]["required"] = json!(true);
    survey
}

fn email_input(page: &str) -> (bool, String) {
    let document = html(page);
    let input = select(&document, "input#q-email")[0]
        .value()
        .attr("required")
        .is_some();
    let label = select(&document, "label[for=q-email]")[0].text().collect();
    (input, label)
}

#[tokio::test]
async fn a_contact_id_in_the_link_makes_the_e_mail_optional_and_updates_that_contact() {
    let app = spawn_app().await;
    app.answer("/api/contact/update", sm_success(CONTACT_ID), 1)
        .await;
    let slug = app.import(survey_requiring_email()).await;

    let plain = app.get(&format!("/s/{slug}")).await.text().await.unwrap();
    let (required, label) = email_input(&plain);
    assert!(
        required && label.contains("wymagane"),
        "without the link: {label}"
    );
    let linked = app
        .get(&format!("/s/{slug}?smclientid={CONTACT_ID}"))
        .await
        .text()
        .await
        .unwrap();
    let (required, label) = email_input(&linked);
    assert!(
        !required && !label.contains("wymagane"),
        "with the link: {label}"
    );

    let response = app
        .submit(&slug, &[("smclientid", CONTACT_ID), ("ocena", "6")])
        .await;
    assert_eq!(response.status(), 303);
    app.deliver_all_pending().await;
    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.request_kind.as_deref(), Some("update"));
}

#[tokio::test]
async fn an_address_typed_anyway_is_sent_as_its_property() {
    let app = spawn_app().await;
    app.answer("/api/contact/update", sm_success(CONTACT_ID), 1)
        .await;
    let slug = app.import(survey_requiring_email()).await;
    app.submit(
        &slug,
        &[
            ("smclientid", CONTACT_ID),
            ("email", "anna@example.pl"),
            ("ocena", "6"),
        ],
    )
    .await;
    app.deliver_all_pending().await;
    let body = &app.received("/api/contact/update").await[0];
    assert_eq!(body["properties"]["ankieta.Twoj-e-mail"], "anna@example.pl");
}

#[tokio::test]
async fn an_unknown_contact_without_an_e_mail_fails_with_the_reason_and_the_response_stays() {
    let app = spawn_app().await;
    app.answer(
        "/api/contact/update",
        sm_failure("Contact with given id does not exist"),
        1,
    )
    .await;
    let slug = app.import(survey_requiring_email()).await;
    app.submit(&slug, &[("smclientid", CONTACT_ID), ("ocena", "6")])
        .await;
    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Failed);
    let error = delivery.last_error.clone().unwrap();
    assert!(
        error.contains("does not know the link's contact id") && error.contains("no e-mail"),
        "{error}"
    );
    assert!(matches!(
        delivery.response_plan().unwrap().target,
        Target::ContactId {
            fallback_email: None,
            ..
        }
    ));
    assert_eq!(
        app.store()
            .responses(delivery.survey_id().unwrap())
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_link_that_identifies_nobody_keeps_the_e_mail_required() {
    let app = spawn_app().await;
    let slug = app.import(survey_requiring_email()).await;
    let response = app
        .submit(&slug, &[("smclientid", "not-a-uuid"), ("ocena", "6")])
        .await;
    assert_eq!(response.status(), 422);
    let document = html(&response.text().await.unwrap());
    assert_eq!(
        select(&document, "#error-email")[0]
            .text()
            .collect::<String>(),
        "To pole jest wymagane."
    );
}

#[tokio::test]
async fn with_signed_links_only_a_correctly_signed_id_makes_the_e_mail_optional() {
    let app = spawn_app().await;
    let mut survey = survey_requiring_email();
    survey["salesmanago"]["require_signed_links"] = json!(true);
    let slug = app.import(survey).await;
    let stored = app.store().survey_by_slug(&slug).await.unwrap().unwrap();
    let key = ankieter::manage::link_key(&app.state.key, &stored).unwrap();
    let sig = sign_contact_id(&key, CONTACT_ID);

    let unsigned = app
        .submit(&slug, &[("smclientid", CONTACT_ID), ("ocena", "6")])
        .await;
    assert_eq!(unsigned.status(), 422, "an unsigned id identifies nobody");
    let page = app
        .get(&format!("/s/{slug}?smclientid={CONTACT_ID}&sig={sig}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!email_input(&page).0);
    let signed = app
        .submit(
            &slug,
            &[("smclientid", CONTACT_ID), ("sig", &sig), ("ocena", "6")],
        )
        .await;
    assert_eq!(signed.status(), 303);
}

#[tokio::test]
async fn the_api_accepts_a_contact_id_instead_of_the_e_mail() {
    let app = spawn_app().await;
    let slug = app.import(survey_requiring_email()).await;
    let api = crate::json_api::api_for(&app, app.account_id).await;
    let path = format!("/api/v1/surveys/{slug}/responses");
    let by_id = json!({"answers": {"ocena": "6"}, "smclientid": CONTACT_ID});
    let accepted = api.call(Method::POST, &path, Some(&by_id)).await;
    assert_eq!(accepted.status, 201, "{}", accepted.body);
    let neither = json!({"answers": {"ocena": "6"}});
    let refused = api.call(Method::POST, &path, Some(&neither)).await;
    assert_eq!(
        (refused.status.as_u16(), refused.field()),
        (422, "answers.email")
    );
}
