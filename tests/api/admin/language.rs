//! The admin speaks the admin's language: Polish or Czech from the account,
//! switched per admin in the header; the sign-in page follows the browser.
//! Times are shown in the account's time zone, with the zone named.

use super::*;
use ankieter::domain::Language;
use ankieter::manage::create_account;

fn lang_of(page: &str) -> String {
    let document = html(page);
    select(&document, "html")[0]
        .value()
        .attr("lang")
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_polish_accounts_admin_reads_polish_and_a_czech_accounts_admin_czech() {
    let app = spawn_app().await;
    let polish = sign_in_as_is(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = polish.page("/admin/surveys").await;
    assert_eq!(lang_of(&page), "pl");
    assert_eq!(texts(&page, "h1"), ["Ankiety"]);
    assert!(texts(&page, "nav a").contains(&"Wysyłki".to_owned()));

    let czech = create_account(app.store(), "Kavárna", Language::Cs)
        .await
        .unwrap();
    let admin = sign_in_as_is(&app, czech.id, "jana@kavarna.cz").await;
    let (_, page) = admin.page("/admin/surveys").await;
    assert_eq!(lang_of(&page), "cs");
    assert_eq!(texts(&page, "h1"), ["Dotazníky"]);
    // A Czech account's times are Prague's.
    let (_, page) = admin.page("/admin/settings").await;
    assert_eq!(
        texts(&page, "#time_zone option[selected]"),
        ["Europe/Prague"]
    );
}

#[tokio::test]
async fn the_header_switch_changes_the_language_of_one_admin_only() {
    let app = spawn_app().await;
    let anna = sign_in_as_is(&app, app.account_id, "anna@firma.pl").await;
    let piotr = sign_in_as_is(&app, app.account_id, "piotr@firma.pl").await;
    let switched = anna
        .post(
            "/admin/language",
            &[
                ("language", "cs"),
                ("next", "/admin/deliveries?status=failed"),
            ],
        )
        .await;
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        switched.headers()["location"],
        "/admin/deliveries?status=failed",
        "back to the page the switch was on"
    );
    let (_, page) = anna.page("/admin/deliveries").await;
    assert_eq!(texts(&page, "h1"), ["Odesílání do SALESmanago"]);
    assert_eq!(texts(&page, ".languages button[aria-current]"), ["Čeština"]);
    let (_, page) = piotr.page("/admin/deliveries").await;
    assert_eq!(
        texts(&page, "h1"),
        ["Wysyłki do SALESmanago"],
        "Piotr keeps Polish"
    );

    // The choice is the admin's, not the browser's: a new sign-in keeps it.
    let (client, csrf) = login_form(&app).await;
    try_login(
        &app,
        &client,
        &[
            ("_csrf", csrf.as_str()),
            ("email", "anna@firma.pl"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let page = client
        .get(format!("{}/admin", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(lang_of(&page), "cs");
}

#[tokio::test]
async fn the_switch_refuses_a_forged_form_an_unknown_language_and_another_site() {
    let app = spawn_app().await;
    let admin = sign_in_as_is(&app, app.account_id, "anna@firma.pl").await;
    let forged = admin
        .client
        .post(format!("{}/admin/language", app.address))
        .form(&[("language", "en"), ("next", "/admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // The refusal is in the admin's language.
    let page = forged.text().await.unwrap();
    assert_eq!(lang_of(&page), "pl");
    assert!(page.contains("Ten formularz wygasł"), "{page}");

    let unknown = admin
        .post("/admin/language", &[("language", "de"), ("next", "/admin")])
        .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let away = admin
        .post(
            "/admin/language",
            &[("language", "en"), ("next", "https://evil.example/")],
        )
        .await;
    assert_eq!(away.headers()["location"], "/admin");
    let admin_row = app
        .store()
        .admin_by_email("anna@firma.pl")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin_row.language, Some(Language::En));
}

#[tokio::test]
async fn the_sign_in_page_follows_the_browser_until_a_language_is_picked_on_it() {
    let app = spawn_app().await;
    let cases = [
        (
            Some("cs-CZ,cs;q=0.9,en;q=0.5"),
            "cs",
            "Přihlášení do ankieteru",
        ),
        (Some("pl-PL,pl;q=0.9"), "pl", "Zaloguj się do ankietera"),
        (Some("de-DE,fr;q=0.8"), "en", "Sign in to ankieter"),
        (None, "en", "Sign in to ankieter"),
    ];
    for (accept, lang, heading) in cases {
        let mut request = browser().get(format!("{}/admin/login", app.address));
        if let Some(accept) = accept {
            request = request.header("Accept-Language", accept);
        }
        let page = request.send().await.unwrap().text().await.unwrap();
        assert_eq!(lang_of(&page), lang, "{accept:?}");
        assert_eq!(texts(&page, "h1"), [heading]);
    }
    // A language picked on the page wins over the browser's, also for the
    // wrong-password answer that follows.
    let client = browser();
    let page = client
        .get(format!("{}/admin/login?lang=cs", app.address))
        .header("Accept-Language", "pl")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(lang_of(&page), "cs");
    let wrong = client
        .post(format!("{}/admin/login", app.address))
        .header("Accept-Language", "pl")
        .form(&[
            ("_csrf", csrf_of(&page).as_str()),
            ("email", "nikt@firma.pl"),
            ("password", "zle-haslo-123"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        texts(&wrong.text().await.unwrap(), "#login-error"),
        ["E-mail nebo heslo není správné."]
    );
}

#[tokio::test]
async fn counts_take_each_languages_plural_form() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    let admin = sign_in_as_is(&app, app.account_id, "anna@firma.pl").await;
    let mut seen = Vec::new();
    for (total, email) in [(1, "a@example.com"), (2, "b@example.com"), (5, "")] {
        // Three more answers reach five.
        let more = if email.is_empty() { 3 } else { 1 };
        for n in 0..more {
            let email = if email.is_empty() {
                format!("c{n}@example.com")
            } else {
                email.to_owned()
            };
            app.submit_by_email("nps", &email).await;
        }
        let (_, page) = admin.page("/admin/surveys").await;
        seen.push((
            total,
            texts(&page, "tbody td a[href$='/responses']")[0].clone(),
        ));
    }
    assert_eq!(
        seen,
        [
            (1, "1 odpowiedź".to_owned()),
            (2, "2 odpowiedzi".to_owned()),
            (5, "5 odpowiedzi".to_owned())
        ]
    );
}

#[tokio::test]
async fn times_are_shown_in_the_accounts_zone_with_its_name_and_the_zone_is_a_setting() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    app.submit_by_email("nps", "jan@example.com").await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let survey = survey_id(&app, app.account_id).await;
    let received = |page: &str| texts(page, "tbody td[data-label] a")[0].clone();
    let (_, page) = admin
        .page(&format!("/admin/surveys/{survey}/responses"))
        .await;
    let warsaw = received(&page);
    assert!(
        warsaw.ends_with(" CET") || warsaw.ends_with(" CEST"),
        "{warsaw}"
    );
    assert_eq!(
        texts(&page, "footer.zone"),
        ["Times are shown in the Europe/Warsaw time zone."]
    );

    let (_, page) = admin
        .post_and_follow("/admin/settings", &[("time_zone", "UTC"), ("language", "")])
        .await;
    assert_eq!(
        flash_of(&page),
        "Zapisano ustawienia.",
        "back to the account's Polish"
    );
    let (_, page) = admin
        .page(&format!("/admin/surveys/{survey}/responses"))
        .await;
    let utc = received(&page);
    assert!(utc.ends_with(" UTC"), "{utc}");
    assert_ne!(utc, warsaw, "the same moment, another clock");

    let refused = admin
        .post(
            "/admin/settings",
            &[("time_zone", "Mars/Olympus"), ("language", "")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert_eq!(
        texts(&page, "#time_zone-error"),
        ["Wybierz strefę czasową z listy."]
    );
    let account = app.store().account(app.account_id).await.unwrap().unwrap();
    assert_eq!(account.time_zone.name(), "UTC", "nothing saved");

    // Another account keeps its own zone.
    let other = create_account(app.store(), "Inna", Language::Pl)
        .await
        .unwrap();
    let other = app.store().account(other.id).await.unwrap().unwrap();
    assert_eq!(other.time_zone.name(), "Europe/Warsaw");
}

#[tokio::test]
async fn error_pages_speak_the_admins_language() {
    let app = spawn_app().await;
    let admin = sign_in_as_is(&app, app.account_id, "anna@firma.pl").await;
    let (status, page) = admin
        .page(&format!("/admin/surveys/{}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(lang_of(&page), "pl");
    assert_eq!(texts(&page, "h1"), ["Nie znaleziono"]);
    assert_eq!(texts(&page, "a"), ["Wróć do pulpitu"]);
}

#[tokio::test]
async fn a_failed_save_says_what_is_wrong_in_the_admins_language() {
    let app = spawn_app().await;
    let admin = sign_in_as_is(&app, app.account_id, "anna@firma.pl").await;
    let response = admin
        .post(
            "/admin/surveys/new",
            &super::editor::new_survey_form(&[
                ("action", "save"),
                ("sm_tag", ""),
                ("q.1.min", "jeden"),
                ("slug", "Zła Nazwa"),
            ]),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    let errors = texts(&page, ".field-error");
    for expected in [
        "musi być liczbą całkowitą",
        "ankieta, która wysyła wyniki do SALESmanago, potrzebuje tagu",
        "użyj od 1 do 64 małych liter, cyfr i myślników w środku (np. po-zakupie)",
    ] {
        assert!(
            errors.iter().any(|e| e == expected),
            "{expected:?} in {errors:?}"
        );
    }
    // The import page speaks Polish too.
    let response = admin
        .post(
            "/admin/surveys/import",
            &[(
                "json",
                r#"{"slug":"a","title":"","language":"pl","questions":[]}"#,
            )],
        )
        .await;
    let page = response.text().await.unwrap();
    assert!(
        page.contains("ankieta potrzebuje co najmniej jednego pytania"),
        "{page}"
    );
}
