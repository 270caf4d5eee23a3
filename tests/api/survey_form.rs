//! The respondent's pages: rendering, validation round-trips, access modes.

use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn the_survey_page_has_a_labelled_field_for_every_question() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;

    let response = app.get(&format!("/s/{slug}")).await;
    assert_eq!(response.status(), 200);
    let document = html(&response.text().await.unwrap());

    assert_eq!(
        select(&document, "html")[0].value().attr("lang"),
        Some("pl")
    );
    assert_eq!(
        select(&document, "h1")[0].text().collect::<String>(),
        "Ankieta NPS"
    );
    assert_eq!(select(&document, "label[for=q-email]").len(), 1);
    assert_eq!(select(&document, "input#q-email[type=email]").len(), 1);
    assert_eq!(select(&document, "input[type=radio][name=ocena]").len(), 11);
    assert_eq!(
        select(&document, "input[type=checkbox][name=kanaly]").len(),
        3
    );
    assert_eq!(
        select(&document, "button[type=submit]")[0]
            .text()
            .collect::<String>(),
        "Wyślij"
    );
    assert!(
        select(&document, "script").is_empty(),
        "no JavaScript is needed"
    );
}

#[tokio::test]
async fn invalid_answers_are_shown_next_to_their_fields_and_every_answer_is_kept() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;

    let response = app
        .submit(
            &slug,
            &[
                ("email", "not-an-email"),
                ("kanaly", "Znajomi"),
                ("kanaly", "Hacked"),
                ("uwagi", "Moje <b>uwagi</b>"),
            ],
        )
        .await;

    assert_eq!(response.status(), 422);
    let document = html(&response.text().await.unwrap());
    let error = |id: &str| {
        select(&document, &format!("#error-{id}"))
            .first()
            .map(|e| e.text().collect::<String>())
    };
    assert_eq!(
        error("email").as_deref(),
        Some("Podaj poprawny adres e-mail.")
    );
    assert_eq!(error("ocena").as_deref(), Some("To pole jest wymagane."));
    assert_eq!(
        error("kanaly").as_deref(),
        Some("Wybierz jedną z podanych odpowiedzi.")
    );
    assert_eq!(error("uwagi"), None);
    assert_eq!(
        select(&document, "#q-email")[0].value().attr("value"),
        Some("not-an-email")
    );
    assert_eq!(
        select(&document, "#q-uwagi")[0].text().collect::<String>(),
        "Moje <b>uwagi</b>"
    );
    assert!(
        select(&document, "#q-uwagi b").is_empty(),
        "answers are escaped"
    );
    assert_eq!(
        select(&document, "input[name=kanaly][value=Znajomi]")[0]
            .value()
            .attr("checked"),
        Some("")
    );
    assert!(app.deliveries().await.is_empty(), "nothing is stored");
}

#[tokio::test]
async fn values_outside_the_range_or_format_are_refused() {
    let app = spawn_app().await;
    let slug = app
        .import(json!({
            "slug": "formaty", "title": "Formaty", "language": "en",
            "questions": [
                {"id": "s", "type": "scale", "text": "Scale", "min": 1, "max": 5},
                {"id": "n", "type": "number", "text": "Number", "min": 0, "max": 10},
                {"id": "d", "type": "date", "text": "Date"},
                {"id": "o", "type": "dropdown", "text": "Pick", "options": ["A", "B"]}
            ]
        }))
        .await;
    let cases = [
        (("s", "0"), "The value is out of the allowed range."),
        (("s", "x"), "Enter a number."),
        (("n", "10.5"), "The value is out of the allowed range."),
        (("n", "ten"), "Enter a number."),
        (("d", "2026-02-30"), "Enter a date as YYYY-MM-DD."),
        (("o", "C"), "Choose one of the given answers."),
    ];
    for ((field, value), message) in cases {
        let response = app.submit(&slug, &[(field, value)]).await;
        assert_eq!(response.status(), 422, "{field}={value}");
        let document = html(&response.text().await.unwrap());
        let shown: String = select(&document, &format!("#error-{field}"))[0]
            .text()
            .collect();
        assert_eq!(shown, message, "{field}={value}");
    }
    assert_eq!(
        app.submit(
            &slug,
            &[("s", "5"), ("n", "2,5"), ("d", "2026-02-28"), ("o", "B")]
        )
        .await
        .status(),
        303
    );
}

#[tokio::test]
async fn a_successful_submit_redirects_to_the_thank_you_page() {
    let app = spawn_app().await;
    let mut survey = nps_survey();
    survey["thank_you"] = json!("Dzięki, do zobaczenia!");
    let slug = app.import(survey).await;

    let response = app.submit(&slug, &[("ocena", "10")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/s/nps/thanks");

    let thanks = html(&app.get("/s/nps/thanks").await.text().await.unwrap());
    assert_eq!(
        select(&thanks, "main p")[0].text().collect::<String>(),
        "Dzięki, do zobaczenia!"
    );
    assert!(select(&thanks, "h1").is_empty(), "the survey's text alone");
}

#[tokio::test]
async fn unknown_surveys_and_paths_get_a_404_page() {
    let app = spawn_app().await;
    for path in ["/s/nie-ma-takiej", "/s/NOT..valid", "/nothing-here"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
    }
    let response = app.submit("nie-ma-takiej", &[("a", "b")]).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn an_oversized_body_gets_413_and_stores_nothing() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let huge = "x".repeat(app.settings.max_body_bytes + 1);

    let response = app.submit(&slug, &[("uwagi", &huge), ("ocena", "5")]).await;

    assert_eq!(response.status(), 413);
    let document = html(&response.text().await.unwrap());
    assert_eq!(
        select(&document, "h1")[0].text().collect::<String>(),
        "Too much data"
    );
    assert!(app.deliveries().await.is_empty());
}

#[tokio::test]
async fn a_password_survey_asks_for_the_password_first() {
    let app = spawn_app().await;
    let mut survey = nps_survey();
    survey["access"] = json!({"mode": "password", "password": "tajne"});
    let slug = app.import(survey).await;

    let gate = html(&app.get(&format!("/s/{slug}")).await.text().await.unwrap());
    assert_eq!(select(&gate, "input[type=password]").len(), 1);
    assert!(
        select(&gate, "input[name=ocena]").is_empty(),
        "questions stay hidden"
    );
    assert_eq!(app.submit(&slug, &[("ocena", "5")]).await.status(), 403);

    let wrong = app
        .post_form(&format!("/s/{slug}/password"), &[("password", "zle")])
        .await;
    assert_eq!(wrong.status(), 401);
    let right = app
        .post_form(&format!("/s/{slug}/password"), &[("password", "tajne")])
        .await;
    assert_eq!(right.status(), 303);

    let page = html(&app.get(&format!("/s/{slug}")).await.text().await.unwrap());
    assert_eq!(select(&page, "input[name=ocena]").len(), 11);
    assert_eq!(app.submit(&slug, &[("ocena", "5")]).await.status(), 303);
}

#[tokio::test]
async fn once_per_browser_refuses_a_second_fill_except_from_signed_salesmanago_links() {
    let app = spawn_app().await;
    let mut survey = nps_survey();
    survey["access"] = json!({"mode": "once_per_browser"});
    let slug = app.import(survey).await;

    assert_eq!(app.get(&format!("/s/{slug}")).await.status(), 200);
    assert_eq!(app.submit(&slug, &[("ocena", "5")]).await.status(), 303);
    assert_eq!(app.submit(&slug, &[("ocena", "6")]).await.status(), 409);
    let again = html(&app.get(&format!("/s/{slug}")).await.text().await.unwrap());
    assert!(select(&again, "input[name=ocena]").is_empty());

    // Any UUID in a link is no exemption: anyone can add one.
    let unsigned = app
        .submit(&slug, &[("smclientid", CONTACT_ID), ("ocena", "7")])
        .await;
    assert_eq!(
        unsigned.status(),
        409,
        "an unsigned smclientid is no exemption"
    );
    // A link ankieter signed for the contact may repeat.
    let stored = app.store().survey_by_slug(&slug).await.unwrap().unwrap();
    let key = ankieter::manage::link_key(&app.state.key, &stored).unwrap();
    let sig = ankieter::domain::sign_contact_id(&key, CONTACT_ID);
    for score in ["7", "8"] {
        let response = app
            .submit(
                &slug,
                &[("smclientid", CONTACT_ID), ("sig", &sig), ("ocena", score)],
            )
            .await;
        assert_eq!(response.status(), 303, "signed smclientid fills may repeat");
    }
    assert_eq!(app.deliveries().await.len(), 3);
}

#[tokio::test]
async fn markup_in_survey_texts_is_inert() {
    let app = spawn_app().await;
    let slug = app
        .import(json!({
            "slug": "xss", "title": "<script>alert(1)</script>", "language": "en",
            "description": "\"><img src=x onerror=alert(2)>",
            "questions": [
                {"id": "q", "type": "single", "text": "<b>bold</b>", "options": ["\" onmouseover=\"alert(3)", "<i>x</i>"]}
            ]
        }))
        .await;

    let document = html(&app.get(&format!("/s/{slug}")).await.text().await.unwrap());

    assert!(select(&document, "script, img, b, i").is_empty());
    assert_eq!(
        select(&document, "h1")[0].text().collect::<String>(),
        "<script>alert(1)</script>"
    );
    let radios = select(&document, "input[name=q]");
    assert_eq!(
        radios[0].value().attr("value"),
        Some("\" onmouseover=\"alert(3)")
    );
    assert!(radios[0].value().attr("onmouseover").is_none());
}

#[tokio::test]
async fn every_page_has_security_headers_and_only_survey_pages_may_be_framed() {
    let app = spawn_app().await;
    let mut survey = nps_survey();
    survey["embed"] =
        json!({"allowed_sites": ["https://www.kawiarnia.pl/ankieta?x=1", "http://localhost:3000"]});
    let slug = app.import(survey).await;
    app.import(json!({"slug": "otwarta", "title": "Any site", "language": "en", "questions": [{"id": "q", "type": "text", "text": "Q"}]}))
        .await;

    for path in [
        format!("/s/{slug}"),
        format!("/s/{slug}/thanks"),
        "/s/otwarta".into(),
        "/s/missing".into(),
        "/healthz".into(),
    ] {
        let response = app.get(&path).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        let ancestors = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("frame-ancestors"))
            .unwrap();
        let expected = if path.starts_with("/s/nps") {
            "frame-ancestors https://www.kawiarnia.pl http://localhost:3000"
        } else if path == "/s/otwarta" {
            "frame-ancestors *"
        } else {
            "frame-ancestors 'none'"
        };
        assert_eq!(ancestors, expected, "{path}");
        // Browsers too old for frame-ancestors: DENY exactly where it is 'none'.
        assert_eq!(
            headers.get("x-frame-options").is_some(),
            expected == "frame-ancestors 'none'",
            "{path}"
        );
    }
}
