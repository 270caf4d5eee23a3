use super::*;

const PAGES: [&str; 9] = [
    "/admin",
    "/admin/tokens",
    "/admin/surveys",
    "/admin/surveys/new",
    "/admin/surveys/import",
    "/admin/salesmanago",
    "/admin/deliveries",
    "/admin/surveys/00000000-0000-4000-8000-000000000000",
    "/admin/responses/00000000-0000-4000-8000-000000000000",
];

#[tokio::test]
async fn every_admin_page_asks_for_sign_in_first() {
    let app = spawn_app().await;
    let client = browser();
    for page in PAGES {
        let response = client
            .get(format!("{}{page}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{page}");
        let location = response.headers()["location"].to_str().unwrap();
        assert!(
            location.starts_with("/admin/login?next="),
            "{page}: {location}"
        );
    }
    // Actions too: no form is accepted without a session.
    let response = client
        .post(format!("{}/admin/deliveries/retry-failed", app.address))
        .form(&[("_csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/admin/login"));
}

#[tokio::test]
async fn signing_in_sets_a_hardened_session_cookie_and_signing_out_ends_it() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "Anna@Firma.pl").await;
    let (status, page) = admin.page("/admin/surveys").await;
    assert_eq!(status, StatusCode::OK);
    assert!(texts(&page, ".who")[0].contains("anna@firma.pl"));

    // A fresh browser: look at the cookie the login sets.
    let (client, csrf) = login_form(&app).await;
    let response = try_login(
        &app,
        &client,
        &[
            ("_csrf", csrf.as_str()),
            ("email", "anna@firma.pl"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("ankieter_admin="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/admin"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http: no Secure flag: {cookie}"
    );
    assert!(
        !cookie.contains("anna"),
        "the cookie is encrypted: {cookie}"
    );

    let response = admin.post("/admin/logout", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = admin.get("/admin").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "signed out");
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_public_url_is_https() {
    let app = spawn_app_with(|s| s.public_url = Some("https://ankiety.example.pl".into())).await;
    let client = browser();
    let response = client
        .get(format!("{}/admin/login", app.address))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn a_wrong_password_gets_a_clear_message_and_no_session() {
    let app = spawn_app().await;
    add_admin(&app, app.account_id, "anna@firma.pl").await;
    let (client, csrf) = login_form(&app).await;
    for (email, password) in [
        ("anna@firma.pl", "wrong password!"),
        ("nobody@firma.pl", PASSWORD),
    ] {
        let response = try_login(
            &app,
            &client,
            &[
                ("_csrf", csrf.as_str()),
                ("email", email),
                ("password", password),
            ],
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let page = response.text().await.unwrap();
        assert_eq!(
            texts(&page, "#login-error"),
            ["The e-mail or the password is wrong."]
        );
        // The e-mail stays filled in; the password does not.
        let document = html(&page);
        assert_eq!(
            select(&document, "#email")[0].value().attr("value"),
            Some(email)
        );
        assert_eq!(
            select(&document, "#password")[0].value().attr("value"),
            None
        );
    }
    let response = client
        .get(format!("{}/admin", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_form_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let fields = [
        ("endpoint", "evil.example"),
        ("client_id", "evil"),
        ("owner", "evil@example.com"),
        ("prefix", "ankieta."),
    ];
    for token in [None, Some("0".repeat(64))] {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if let Some(token) = &token {
            all.push(("_csrf", token));
        }
        let response = admin
            .client
            .post(format!("{}/admin/salesmanago", app.address))
            .form(&all)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response
            .text()
            .await
            .unwrap()
            .contains("did not come from this site"));
    }
    let account = app.store().account(app.account_id).await.unwrap().unwrap();
    assert_eq!(account.salesmanago.unwrap().client_id, CLIENT_ID);
}

#[tokio::test]
async fn sign_in_attempts_are_throttled_per_e_mail_with_a_clear_message() {
    let app = spawn_app().await;
    let (client, csrf) = login_form(&app).await;
    let mut statuses = Vec::new();
    let mut last = String::new();
    for _ in 0..6 {
        let response = try_login(
            &app,
            &client,
            &[
                ("_csrf", csrf.as_str()),
                ("email", "anna@firma.pl"),
                ("password", "guess guess"),
            ],
        )
        .await;
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(response.headers().contains_key("retry-after"));
        }
        last = response.text().await.unwrap();
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429]);
    assert!(texts(&last, "#login-error")[0].starts_with("Too many sign-in attempts. Wait"));
}

#[tokio::test]
async fn sign_in_attempts_are_throttled_per_ip_across_e_mails() {
    let app = spawn_app_with(|s| s.rate_limit.login_attempts_per_minute = 3).await;
    let (client, csrf) = login_form(&app).await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let email = format!("user{n}@firma.pl");
        let response = try_login(
            &app,
            &client,
            &[
                ("_csrf", csrf.as_str()),
                ("email", email.as_str()),
                ("password", "guess guess"),
            ],
        )
        .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429]);
}

#[tokio::test]
async fn next_never_leads_off_the_admin() {
    let app = spawn_app().await;
    add_admin(&app, app.account_id, "anna@firma.pl").await;
    let (client, csrf) = login_form(&app).await;
    let response = try_login(
        &app,
        &client,
        &[
            ("_csrf", csrf.as_str()),
            ("email", "anna@firma.pl"),
            ("password", PASSWORD),
            ("next", "//evil.example/admin"),
        ],
    )
    .await;
    assert_eq!(response.headers()["location"], "/admin");
}
