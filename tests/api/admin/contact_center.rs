//! The admin's Contact center page: create (password shown once), settings
//! with field errors, Thulium's API user, a test event, isolation.

use super::*;
use crate::contact_center::{salesmanago_knows_everyone, EXT_EVENT};
use ankieter::db::DeliveryStatus;
use ankieter::domain::{Forward, InteractionType};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn created(app: &TestApp, admin: &AdminSession) -> (uuid::Uuid, String) {
    let response = admin
        .post("/admin/contact-center", &[("name", "Thulium-Main")])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let password = texts(&page, "#webhook-password")
        .pop()
        .expect("the password is shown");
    let integration = app
        .store()
        .contact_center_by_name(app.account_id, "thulium-main")
        .await
        .unwrap()
        .unwrap();
    (integration.id, password)
}

#[tokio::test]
async fn an_integration_is_created_configured_and_tested_from_the_admin() {
    let app = spawn_app().await;
    salesmanago_knows_everyone(&app).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;

    let (id, password) = created(&app, &admin).await;
    assert_eq!(password.len(), 32);
    let (_, page) = admin.page(&format!("/admin/contact-center/{id}")).await;
    assert!(!page.contains(&password), "the password is shown only once");
    assert!(page.contains(&format!("/hooks/thulium/{id}")));

    // A wrong prefix and queue list: named, nothing saved.
    let bad = admin
        .post(
            &format!("/admin/contact-center/{id}"),
            &[
                ("name", "thulium-main"),
                ("prefix", "THU LIUM"),
                ("tickets", "3 2"),
                ("chats", "all"),
                ("calls", "all"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = bad.text().await.unwrap();
    assert_eq!(texts(&page, "#prefix-error").len(), 1);
    assert_eq!(texts(&page, "#tickets-error").len(), 1);
    let (_, saved) = admin
        .post_and_follow(
            &format!("/admin/contact-center/{id}"),
            &[
                ("name", "thulium-main"),
                ("prefix", "genesys"),
                ("tickets", "32, 33"),
                ("chats", "none"),
                ("calls", "all"),
                ("add_missing", "yes"),
                ("new_contact_tag", "infolinia"),
                ("type.ticket_closed", "CANCELLATION"),
                ("type.incoming_call_completed", "PHONE_CALL"),
            ],
        )
        .await;
    assert!(flash_of(&saved).contains("saved"));
    let integration = app.store().contact_center(None, id).await.unwrap().unwrap();
    assert_eq!(integration.rules.prefix.as_str(), "GENESYS");
    assert_eq!(
        integration.rules.tickets,
        Forward::Queues(vec!["32".into(), "33".into()])
    );
    assert_eq!(integration.rules.chats, Forward::Off);
    assert!(integration.rules.add_missing_contacts);
    assert_eq!(
        integration.rules.event_type(InteractionType::TicketClosed),
        "CANCELLATION"
    );
    assert!(
        integration.rules.event_types.len() == 1,
        "only what differs from the default is kept: {:?}",
        integration.rules.event_types
    );

    // A test event, whatever the filters, on the ledger.
    app.answer("/api/contact/upsert", sm_success("c"), 1).await;
    let (location, delivery_page) = admin
        .post_and_follow(
            &format!("/admin/contact-center/{id}/test-event"),
            &[
                ("test_email", "jan@example.com"),
                ("test_type", "ticket_closed"),
            ],
        )
        .await;
    assert!(location.starts_with("/admin/deliveries/"));
    assert!(delivery_page.contains("GENESYS_TICKET_CLOSED"));
    app.deliver_all_pending().await;
    let event = &app.received(EXT_EVENT).await[0]["contactEvent"];
    assert_eq!(event["description"], "GENESYS_TICKET_CLOSED");
    assert_eq!(event["contactExtEventType"], "CANCELLATION");
    assert_eq!(app.only_delivery().await.status, DeliveryStatus::Delivered);
    let (_, ledger) = admin.page("/admin/deliveries?kind=event").await;
    assert!(
        ledger.contains("thulium-main · GENESYS_TICKET_CLOSED"),
        "{ledger}"
    );
    let (_, responses_only) = admin.page("/admin/deliveries?kind=response").await;
    assert!(!responses_only.contains("GENESYS_TICKET_CLOSED"));
}

#[tokio::test]
async fn thuliums_api_user_is_saved_write_only_and_tested() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (id, _) = created(&app, &admin).await;
    let thulium = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/tickets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&thulium)
        .await;
    let url = format!("/admin/contact-center/{id}/thulium");

    let missing = admin
        .post(
            &url,
            &[
                ("thulium_url", &thulium.uri()),
                ("thulium_user", "api"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&missing.text().await.unwrap(), "#thulium_password-error").len(),
        1
    );
    admin
        .post_and_follow(
            &url,
            &[
                ("thulium_url", &thulium.uri()),
                ("thulium_user", "api"),
                ("thulium_password", "tajne-haslo"),
                ("action", "save"),
            ],
        )
        .await;
    let (_, page) = admin.page(&format!("/admin/contact-center/{id}")).await;
    assert!(!page.contains("tajne-haslo") && page.contains("A password is saved"));
    // The saved password never follows the user to another address.
    let moved = admin
        .post(
            &url,
            &[
                ("thulium_url", "http://127.0.0.1:9"),
                ("thulium_user", "api"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&moved.text().await.unwrap(), "#thulium_password-error").len(),
        1
    );

    let (location, page) = admin.post_and_follow(&url, &[("action", "test")]).await;
    assert_eq!(
        location,
        format!("/admin/contact-center/{id}"),
        "redirect after POST"
    );
    assert!(
        texts(&page, "#result")[0].starts_with("Connected"),
        "{:?}",
        texts(&page, "#result")
    );
    let asked = &thulium.received_requests().await.unwrap()[0];
    let auth = asked.headers["authorization"].to_str().unwrap().to_owned();
    assert!(auth.starts_with("Basic "), "Basic auth to Thulium");

    thulium.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&thulium)
        .await;
    let (_, refused) = admin.post_and_follow(&url, &[("action", "test")]).await;
    assert!(texts(&refused, "#result")[0].contains("refused the API user"));
    let (_, reloaded) = admin.page(&url).await;
    assert!(texts(&reloaded, "#result").is_empty(), "shown once");

    admin.post_and_follow(&url, &[("action", "remove")]).await;
    let integration = app.store().contact_center(None, id).await.unwrap().unwrap();
    assert!(integration.thulium.is_none());
}

#[tokio::test]
async fn another_accounts_integration_answers_404_on_every_route() {
    let app = spawn_app().await;
    let owner = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (id, _) = created(&app, &owner).await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna")
        .await;
    let stranger = sign_in(&app, other, "obcy@inna.pl").await;

    let (status, _) = stranger.page(&format!("/admin/contact-center/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for action in [
        "",
        "/webhook-password",
        "/thulium",
        "/test-event",
        "/delete",
    ] {
        let answer = stranger
            .post(
                &format!("/admin/contact-center/{id}{action}"),
                &[
                    ("name", "przejete"),
                    ("prefix", "X"),
                    ("test_email", "a@b.pl"),
                    ("action", "remove"),
                ],
            )
            .await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{action}");
    }
    let (_, list) = stranger.page("/admin/contact-center").await;
    assert!(!list.contains(&id.to_string()));
    let integration = app.store().contact_center(None, id).await.unwrap().unwrap();
    assert_eq!(integration.name.as_str(), "thulium-main", "nothing changed");
    assert!(app.deliveries().await.is_empty());
}
