use super::*;
use serde_json::Value;

fn field_value(page: &str, id: &str) -> String {
    let document = html(page);
    select(&document, &format!("#{id}"))[0]
        .value()
        .attr("value")
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_settings_page_never_shows_the_secret_only_its_last_two_characters() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (status, page) = admin.page("/admin/salesmanago").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(API_SECRET));
    assert!(texts(&page, "#secret-hint")[0].contains("…87"), "{page}");
    assert_eq!(field_value(&page, "client_id"), CLIENT_ID);
    assert_eq!(field_value(&page, "owner"), OWNER);
    assert_eq!(field_value(&page, "prefix"), "ankieta.");
    assert_eq!(field_value(&page, "api_secret"), "");
    // Every input has a real label.
    let document = html(&page);
    for input in select(&document, "form input:not([type=hidden])") {
        let id = input.value().attr("id").expect("inputs have ids");
        assert_eq!(
            select(&document, &format!("label[for='{id}']")).len(),
            1,
            "{id}"
        );
    }
}

#[tokio::test]
async fn saving_without_a_secret_keeps_it_and_saving_resumes_paused_deliveries() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    upsert_fails_then_succeeds(&app, "Not authenticated, invalid owner", 1).await;
    app.submit_by_email("nps", "jan@example.com").await;
    app.deliver_all_pending().await;
    assert_eq!(app.only_delivery().await.status.as_str(), "paused");

    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, dashboard) = admin.page("/admin").await;
    let banner = texts(&dashboard, ".banner.danger");
    assert!(
        banner[0].contains("Not authenticated, invalid owner"),
        "{banner:?}"
    );

    let (location, page) = admin
        .post_and_follow(
            "/admin/salesmanago",
            &[
                ("endpoint", &app.salesmanago.uri()),
                ("client_id", CLIENT_ID),
                ("owner", "nowy@firma.pl"),
                ("api_secret", ""),
                ("prefix", "moja."),
            ],
        )
        .await;
    assert_eq!(location, "/admin/salesmanago");
    assert_eq!(
        flash_of(&page),
        "SALESmanago settings saved. 1 paused delivery resumed: it will be sent now."
    );
    assert!(texts(&page, ".banner.danger").is_empty());
    let account = app.store().account(app.account_id).await.unwrap().unwrap();
    let saved = account.salesmanago.unwrap();
    assert_eq!(saved.owner, "nowy@firma.pl");
    assert_eq!(account.property_prefix.as_str(), "moja.");
    // The old secret is kept: the delivery now signs with it.
    app.deliver_all_pending().await;
    let sent = app.received("/api/contact/upsert").await;
    let last: &Value = sent.last().unwrap();
    assert_eq!(last["owner"], "nowy@firma.pl");
    assert_eq!(app.only_delivery().await.status.as_str(), "delivered");
}

#[tokio::test]
async fn invalid_settings_show_the_error_next_to_the_field_and_keep_the_input() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let response = admin
        .post(
            "/admin/salesmanago",
            &[
                ("endpoint", "app3.salesmanago.pl"),
                ("client_id", "nowy-klient"),
                ("owner", "not an e-mail"),
                ("prefix", "ankieta."),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    let error = texts(&page, "#owner-error");
    assert!(error[0].contains("is not an e-mail address"), "{error:?}");
    assert_eq!(field_value(&page, "client_id"), "nowy-klient");
    let account = app.store().account(app.account_id).await.unwrap().unwrap();
    assert_eq!(account.salesmanago.unwrap().client_id, CLIENT_ID);
}

#[tokio::test]
async fn test_connection_reports_success_or_salesmanagos_own_message() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    on("/api/contact/hasContact")
        .respond_with(sm_failure("Not authenticated, invalid sha"))
        .up_to_n_times(1)
        .mount(&app.salesmanago)
        .await;
    let (location, page) = admin.post_and_follow("/admin/salesmanago/test", &[]).await;
    assert_eq!(location, "/admin/salesmanago", "redirect after POST");
    assert_eq!(
        texts(&page, "#test-result.error"),
        ["SALESmanago refused the credentials: Not authenticated, invalid sha"]
    );
    // Reloading the page shows the settings, without the result and
    // without asking SALESmanago again.
    let (_, reloaded) = admin.page("/admin/salesmanago").await;
    assert!(texts(&reloaded, "#test-result").is_empty());
    assert_eq!(app.received("/api/contact/hasContact").await.len(), 1);
    on("/api/contact/hasContact")
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"success": true, "message": [], "result": true})),
        )
        .mount(&app.salesmanago)
        .await;
    let (_, page) = admin.post_and_follow("/admin/salesmanago/test", &[]).await;
    assert!(texts(&page, "#test-result.success")[0].starts_with("Connected"));
    // The call was a real, signed SALESmanago request for the owner.
    let sent = app.received("/api/contact/hasContact").await;
    assert_eq!(sent[1]["email"], OWNER);
    assert_eq!(sent[1]["clientId"], CLIENT_ID);
    assert_eq!(sent[1]["sha"].as_str().unwrap().len(), 40);
}

#[tokio::test]
async fn another_server_or_client_id_needs_the_secret_again() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    for (endpoint, client_id) in [
        ("http://127.0.0.1:9", CLIENT_ID.to_owned()),
        (app.salesmanago.uri().as_str(), "client-456".to_owned()),
    ] {
        let response = admin
            .post(
                "/admin/salesmanago",
                &[
                    ("endpoint", endpoint),
                    ("client_id", &client_id),
                    ("owner", OWNER),
                    ("api_secret", ""),
                    ("prefix", "ankieta."),
                ],
            )
            .await;
        let status = response.status();
        let page = response.text().await.unwrap();
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{endpoint} {client_id}"
        );
        assert!(
            page.contains("enter the API secret again"),
            "{endpoint} {client_id}"
        );
    }
    let saved = app.store().account(app.account_id).await.unwrap().unwrap();
    assert_eq!(saved.salesmanago.unwrap().endpoint, app.salesmanago.uri());
}

#[tokio::test]
async fn only_salesmanagos_servers_are_allowed_unless_the_operator_allows_any() {
    let app = spawn_app_with(|s| s.salesmanago.allow_any_endpoint = false).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let response = admin
        .post(
            "/admin/salesmanago",
            &[
                ("endpoint", "http://169.254.169.254/latest"),
                ("client_id", CLIENT_ID),
                ("owner", OWNER),
                ("api_secret", "a-new-secret"),
                ("prefix", "ankieta."),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT"),
        "the refusal names the setting"
    );
}
