//! The admin's EmpikPlace page: connect a shop (the Thulium user shared
//! with the contact center), secrets write-only, field errors in Polish,
//! the pause banner and *Resume*, another account's admin sees nothing.

use super::*;
use crate::empikplace::{message, thread, Shop, KEY};
use ankieter::domain::ContactCenterRules;
use ankieter::manage::{create_contact_center, set_thulium};
use secrecy::SecretString;
use wiremock::MockServer;

#[tokio::test]
async fn a_shop_is_connected_from_the_admin_sharing_the_contact_centers_thulium_user() {
    let app = spawn_app().await;
    let (empik, thulium) = (MockServer::start().await, MockServer::start().await);
    let (mut center, _) = create_contact_center(
        app.store(),
        app.account_id,
        "thulium",
        ContactCenterRules::default(),
    )
    .await
    .unwrap();
    let thulium_api = format!("{}/api", thulium.uri());
    set_thulium(
        app.store(),
        &app.state.key,
        &mut center,
        Some((&thulium_api, "api", Some(&SecretString::from("tajne")))),
    )
    .await
    .unwrap();
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    admin
        .post("/admin/language", &[("language", "pl"), ("next", "/admin")])
        .await;

    let (status, form) = admin.page("/admin/empikplace/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains(&thulium_api),
        "the contact center's address is filled in"
    );
    assert!(form.contains("Zostaw puste, aby użyć hasła integracji z centrum kontaktu"));

    let api_url = format!("{}/api", empik.uri());
    let mut fields = vec![
        ("shop_id", "2001"),
        ("api_url", api_url.as_str()),
        ("api_key", ""),
        ("thulium_url", thulium_api.as_str()),
        ("thulium_user", "api"),
        ("queue_id", "7"),
        ("category_id", ""),
        ("customer_field", "empik_id"),
        ("auto_reply", ""),
        ("poll_seconds", "30"),
        ("enabled", "yes"),
        ("action", "save"),
    ];
    let response = admin.post("/admin/empikplace", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    let errors = texts(&page, ".field-error");
    assert!(errors.iter().any(|e| e.contains("60")), "{errors:?}");
    fields[2] = ("api_key", KEY);
    fields[9] = ("poll_seconds", "60");
    let (location, page) = admin.post_and_follow("/admin/empikplace", &fields).await;
    assert!(
        !page.contains(KEY) && !page.contains("tajne"),
        "secrets are never shown"
    );
    let integration = app
        .store()
        .empik_integrations(app.account_id)
        .await
        .unwrap()
        .remove(0);
    assert!(location.ends_with(&integration.id.to_string()));
    assert_eq!(integration.shop_id, "2001");
    // The contact center's password now serves the EmpikPlace integration too.
    let (_, access) = ankieter::delivery::empik_access(&integration, &app.state.key).unwrap();
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&access.password),
        "tajne"
    );

    // Test connection: EmpikPlace refuses the key, then both answer.
    admin
        .post_and_follow(&location, &[("action", "test")])
        .await;
    let (_, page) = admin.page(&location).await;
    assert!(texts(&page, "#result").is_empty(), "a result is shown once");
    let response = admin.post(&location, &[("action", "test")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.page(&location).await;
    let result = texts(&page, "#result").join(" ");
    assert!(result.contains("EmpikPlace"), "{result}");
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/api/inbox/threads"))
        .and(wiremock::matchers::header("authorization", KEY))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": []})),
        )
        .mount(&empik)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/api/tickets"))
        .and(wiremock::matchers::basic_auth("api", "tajne"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&thulium)
        .await;
    admin.post(&location, &[("action", "test")]).await;
    let (_, page) = admin.page(&location).await;
    assert_eq!(
        texts(&page, "#result.success"),
        ["EmpikPlace i Thulium odpowiedziały."]
    );

    // A refused key shows a banner; Resume clears it.
    app.store()
        .pause_empik(
            integration.id,
            Some("EmpikPlace refused the shop's API key (HTTP 401)"),
            1,
        )
        .await
        .unwrap();
    let (_, page) = admin.page(&location).await;
    assert_eq!(
        texts(&page, "#paused strong"),
        ["Wstrzymano: nic nie jest odczytywane ani wysyłane, dopóki nie wznowisz."]
    );
    admin
        .post_and_follow(&location, &[("action", "resume")])
        .await;
    assert!(app
        .store()
        .empik_integration(None, integration.id)
        .await
        .unwrap()
        .unwrap()
        .paused_reason
        .is_none());

    // Another account's admin finds nothing.
    let other = app.add_account("Inna", "http://127.0.0.1:9", "inna").await;
    let stranger = sign_in(&app, other, "obcy@inna.pl").await;
    assert_eq!(
        stranger.get(&location).await.status(),
        StatusCode::NOT_FOUND
    );
    let (_, list) = stranger.page("/admin/empikplace").await;
    assert!(!list.contains("2001"));
    assert_eq!(
        stranger
            .post(&format!("{location}/delete"), &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let (_, list) = admin.page("/admin/empikplace").await;
    assert!(list.contains("2001"));
}

#[tokio::test]
async fn the_ledger_names_each_step_without_the_customers_words() {
    let shop = crate::empikplace::shop("").await;
    shop.helpdesk(None, serde_json::json!({"id": 900, "messages": []}))
        .await;
    shop.inbox(vec![thread(
        "t-1",
        vec![message("m-1", "CUSTOMER", "Mój sekretny adres", 2)],
    )])
    .await;
    shop.poll(3).await;
    shop.deliver().await;
    let Shop { app, .. } = shop;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (status, page) = admin.page("/admin/deliveries?kind=empik").await;
    assert_eq!(status, StatusCode::OK);
    let titles = texts(&page, "td, th");
    assert!(
        titles
            .iter()
            .any(|t| t.contains("EmpikPlace · t-1 · customer's message → ticket")),
        "{titles:?}"
    );
    assert!(!page.contains("sekretny"));
}
