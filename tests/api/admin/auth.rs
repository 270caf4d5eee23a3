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
async fn signing_out_ends_every_copy_of_the_session_cookie() {
    let app = spawn_app().await;
    add_admin(&app, app.account_id, "anna@firma.pl").await;
    let sign_in_once = || async {
        let (client, csrf) = login_form(&app).await;
        let fields = [
            ("_csrf", csrf.as_str()),
            ("email", "anna@firma.pl"),
            ("password", PASSWORD),
        ];
        let response = try_login(&app, &client, &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        // Someone copies the cookie: another browser, a stolen laptop, a log.
        cookie.split(';').next().unwrap().to_owned()
    };
    let copied = sign_in_once().await;
    let with = |cookie: String| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(format!("{}/admin", app.address))
            .header("cookie", cookie)
            .send()
    };
    assert_eq!(
        with(copied.clone()).await.unwrap().status(),
        StatusCode::OK,
        "the copy works while signed in"
    );

    // The admin signs out in their own browser (a session of the same admin).
    let (admin_browser, csrf) = login_form(&app).await;
    let fields = [
        ("_csrf", csrf.as_str()),
        ("email", "anna@firma.pl"),
        ("password", PASSWORD),
    ];
    try_login(&app, &admin_browser, &fields).await;
    let page = admin_browser
        .get(format!("{}/admin", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let logout = admin_browser
        .post(format!("{}/admin/logout", app.address))
        .form(&[("_csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);

    assert_eq!(
        with(copied).await.unwrap().status(),
        StatusCode::SEE_OTHER,
        "every copy stops working at sign-out, not when it would expire"
    );
    // Signing in again starts a new generation that works.
    let fresh = sign_in_once().await;
    assert_eq!(with(fresh).await.unwrap().status(), StatusCode::OK);
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
async fn only_failures_count_and_a_clean_address_gets_in_while_another_guesses() {
    let app = spawn_app_with(|s| s.rate_limit.trust_forwarded_for = true).await;
    add_admin(&app, app.account_id, "anna@firma.pl").await;
    let app = &app;
    let attempt = |from: &'static str, password: &'static str| async move {
        // A fresh browser each time: signing in renews the session and its CSRF token.
        let (client, csrf) = login_form(app).await;
        client
            .post(format!("{}/admin/login", app.address))
            .header("x-forwarded-for", from)
            .form(&[
                ("_csrf", csrf.as_str()),
                ("email", "anna@firma.pl"),
                ("password", password),
            ])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    // Signing in again and again with the right password never locks anyone.
    for _ in 0..8 {
        assert_eq!(attempt("198.51.100.2", PASSWORD).await, 303);
    }
    // Someone guesses from another address until the e-mail locks for them...
    let mut guesses = Vec::new();
    for _ in 0..6 {
        guesses.push(attempt("203.0.113.7", "guess guess").await);
    }
    assert_eq!(guesses, [401, 401, 401, 401, 401, 429]);
    assert_eq!(
        attempt("203.0.113.7", PASSWORD).await,
        429,
        "locked for the guessing address"
    );
    // ...while the admin's own address, which never failed, still gets in.
    assert_eq!(attempt("198.51.100.2", PASSWORD).await, 303);
}

#[tokio::test]
async fn an_oversized_e_mail_is_refused_before_it_is_counted_or_kept() {
    let app = spawn_app().await;
    let (client, csrf) = login_form(&app).await;
    let long = format!("{}@firma.pl", "a".repeat(250));
    let response = try_login(
        &app,
        &client,
        &[
            ("_csrf", csrf.as_str()),
            ("email", &long),
            ("password", "x"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let huge = "a".repeat(64 * 1024);
    let response = try_login(
        &app,
        &client,
        &[
            ("_csrf", csrf.as_str()),
            ("email", &huge),
            ("password", "x"),
        ],
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "the sign-in form has a small body limit"
    );
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
