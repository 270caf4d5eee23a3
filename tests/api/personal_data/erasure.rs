//! Erasing and exporting a person, by e-mail or contact id, through the API.

use super::stored;
use crate::contact_center::{interaction, salesmanago_knows_everyone};
use crate::helpers::*;
use crate::json_api::api_for;
use ankieter::domain::ContactCenterRules;
use ankieter::manage::create_contact_center;
use reqwest::Method;
use std::time::Duration;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn erasing_by_email_deletes_the_persons_responses_and_deliveries_in_that_account_only() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna-nps")
        .await;
    app.submit_by_email(&slug, "ala@example.pl").await;
    // The same person, another case; and her e-mail in a text answer.
    app.submit(&slug, &[("email", "ALA@Example.PL"), ("ocena", "7")])
        .await;
    app.submit(
        &slug,
        &[
            ("email", "bob@example.pl"),
            ("ocena", "3"),
            ("uwagi", "ala@example.pl"),
        ],
    )
    .await;
    app.submit_by_email(&slug, "bob@example.pl").await;
    app.submit_by_email("inna-nps", "ala@example.pl").await;
    app.deliver_all_pending().await;

    let api = api_for(&app, app.account_id).await;
    let erased = api
        .call(Method::DELETE, "/api/v1/people?email=Ala@example.pl", None)
        .await;
    assert_eq!(erased.status, 200, "{}", erased.body);
    assert_eq!(erased.body["responses"], 3);
    assert_eq!(erased.body["deliveries"], 3);
    assert_eq!(erased.body["cancelled"], 0);

    let left = stored(&app, app.account_id, &slug).await;
    assert_eq!(left.len(), 1);
    assert!(!left[0].1.to_lowercase().contains("ala@"));
    let deliveries = app.deliveries().await;
    let mine: Vec<_> = deliveries
        .iter()
        .filter(|d| d.account_id == app.account_id)
        .collect();
    assert_eq!(mine.len(), 1, "only bob's other response's delivery");
    assert_eq!(
        stored(&app, other, "inna-nps").await.len(),
        1,
        "the other account keeps its response of the same e-mail"
    );
    assert!(deliveries.iter().any(|d| d.account_id == other));

    let export = api.get("/api/v1/people?email=ala@example.pl").await;
    assert_eq!(export.status, 200);
    assert_eq!(export.body["responses"], serde_json::json!([]));
    // A second erasure finds nothing and says so.
    let again = api
        .call(Method::DELETE, "/api/v1/people?email=ala@example.pl", None)
        .await;
    assert_eq!(again.body["responses"], 0);
}

#[tokio::test]
async fn an_export_holds_the_answers_what_was_sent_and_every_attempt() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    app.submit(
        &slug,
        &[
            ("email", "ola@example.pl"),
            ("ocena", "9"),
            ("uwagi", "Świetnie \u{1F600}"),
        ],
    )
    .await;
    app.submit_by_email(&slug, "inny@example.pl").await;
    app.deliver_all_pending().await;
    let api = api_for(&app, app.account_id).await;

    let export = api.get("/api/v1/people?email=OLA@example.pl").await;
    assert_eq!(export.status, 200, "{}", export.body);
    assert_eq!(export.headers["cache-control"], "private, no-store");
    let body = &export.body;
    assert_eq!(body["person"]["email"], "OLA@example.pl");
    let responses = body["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1, "{body}");
    let response = &responses[0];
    assert_eq!(response["survey"], slug.as_str());
    let text = response["answers"].to_string();
    assert!(text.contains("Świetnie \u{1F600}") && text.contains("ola@example.pl"));
    assert_eq!(response["delivery"]["status"], "delivered");
    assert_eq!(response["delivery"]["salesmanago_contact_id"], "c-1");
    assert_eq!(
        response["delivery"]["sent"]["target"]["email"],
        "ola@example.pl"
    );
    assert!(!body.to_string().contains("inny@"), "nobody else's data");
}

#[tokio::test]
async fn a_person_named_by_contact_id_is_found_by_their_link_and_by_what_salesmanago_returned() {
    const CONTACT: &str = "0f3a1c2e-1111-4a2b-9c3d-0123456789ab";
    let (app, slug) = app_answering("/api/contact/upsert", sm_success(CONTACT), ..).await;
    app.answer("/api/contact/update", sm_success(CONTACT), ..)
        .await;
    // From a SALESmanago e-mail's link (no e-mail given)...
    let linked = app
        .submit(&slug, &[("smclientid", CONTACT), ("ocena", "4")])
        .await;
    assert_eq!(linked.status(), 303);
    // ...and by e-mail, which SALESmanago answered with the same contact.
    app.submit_by_email(&slug, "kasia@example.pl").await;
    app.deliver_all_pending().await;
    let api = api_for(&app, app.account_id).await;

    let export = api
        .get(&format!(
            "/api/v1/people?contact_id={}",
            CONTACT.to_uppercase()
        ))
        .await;
    assert_eq!(
        export.body["responses"].as_array().unwrap().len(),
        2,
        "{}",
        export.body
    );
    let erased = api
        .call(
            Method::DELETE,
            &format!("/api/v1/people?contact_id={CONTACT}"),
            None,
        )
        .await;
    assert_eq!(erased.body["responses"], 2, "{}", erased.body);
    assert!(stored(&app, app.account_id, &slug).await.is_empty());
}

#[tokio::test]
async fn a_request_that_names_nobody_or_two_people_is_refused_clearly() {
    let app = spawn_app().await;
    let api = api_for(&app, app.account_id).await;
    for (query, field) in [
        ("", "email"),
        ("?email=", "email"),
        ("?email=nie-mail", "email"),
        ("?contact_id=42", "contact_id"),
        (
            "?email=a@b.pl&contact_id=0f3a1c2e-1111-4a2b-9c3d-0123456789ab",
            "email",
        ),
    ] {
        let answer = api
            .call(Method::DELETE, &format!("/api/v1/people{query}"), None)
            .await;
        assert_eq!(answer.status, 422, "{query}");
        assert_eq!(answer.field(), field, "{query}: {}", answer.body);
    }
    let no_token = reqwest::Client::new()
        .delete(format!("{}/api/v1/people?email=a@b.pl", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 401);
}

#[tokio::test]
async fn a_delivery_being_sent_when_its_person_is_erased_is_not_recorded_back() {
    let (app, slug) = app_answering(
        "/api/contact/upsert",
        sm_success("c-1").set_delay(Duration::from_millis(300)),
        ..,
    )
    .await;
    app.submit_by_email(&slug, "ewa@example.pl").await;
    let worker = app.worker.clone();
    let sending = tokio::spawn(async move { worker.deliver_due(ankieter::clock::now_ms()).await });
    // The call is on its way to SALESmanago.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let api = api_for(&app, app.account_id).await;
    let erased = api
        .call(Method::DELETE, "/api/v1/people?email=ewa@example.pl", None)
        .await;
    assert_eq!(erased.body["responses"], 1, "{}", erased.body);
    assert_eq!(erased.body["cancelled"], 1);
    assert_eq!(
        erased.body["in_flight"], 1,
        "the erasure says SALESmanago may have it"
    );
    sending.await.unwrap().unwrap();
    assert!(app.deliveries().await.is_empty(), "nothing comes back");
    assert!(stored(&app, app.account_id, &slug).await.is_empty());
    // The worker goes on with the next response.
    app.submit_by_email(&slug, "inna@example.pl").await;
    app.deliver_all_pending().await;
    assert!(
        app.all_deliveries_are(ankieter::db::DeliveryStatus::Delivered)
            .await
    );
}

#[tokio::test]
async fn a_webhook_post_and_a_contact_center_event_of_the_person_go_with_them() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    salesmanago_knows_everyone(&app).await;
    create_contact_center(
        app.store(),
        app.account_id,
        "thulium-main",
        ContactCenterRules::default(),
    )
    .await
    .unwrap();
    let hook = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&hook)
        .await;
    ankieter::manage::set_webhook(
        app.store(),
        &app.state.key,
        app.account_id,
        &format!("{}/hook", hook.uri()),
        ankieter::domain::EndpointPolicy::Any,
    )
    .await
    .unwrap();
    app.submit_by_email(&slug, "jan@example.com").await;
    let api = api_for(&app, app.account_id).await;
    // The interaction's customer is jan@example.com.
    api.post("/api/v1/interactions", &interaction("t-1", "ticket_closed"))
        .await;
    app.deliver_all_pending().await;
    assert_eq!(
        app.deliveries().await.len(),
        3,
        "response, webhook post (retrying), event"
    );

    let erased = api
        .call(Method::DELETE, "/api/v1/people?email=jan@example.com", None)
        .await;
    assert_eq!(erased.body["responses"], 1, "{}", erased.body);
    assert_eq!(erased.body["deliveries"], 3);
    assert_eq!(
        erased.body["cancelled"], 1,
        "the webhook post waiting for its retry"
    );
    assert!(app.deliveries().await.is_empty());
}
