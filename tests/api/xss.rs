//! Markup in survey texts and answers is inert on every page that shows it
//! (checked on the parsed DOM, not by searching the text).

use crate::helpers::*;
use ankieter::manage::{set_salesmanago, SalesmanagoInput};
use ankieter::sandbox::SANDBOX_CLIENT_ID;
use secrecy::SecretString;
use serde_json::json;

const SCRIPT: &str = "<script>alert('x')</script>";
const ATTRIBUTE: &str = "\"><img src=x onerror=alert(1)>";
const ANSWER: &str = "</textarea><svg onload=alert(2)>";

pub fn assert_inert(page: &str, where_: &str) {
    let document = html(page);
    let active = select(&document, "script, img, svg, iframe, object");
    assert!(
        active.is_empty(),
        "{where_}: injected elements {:?}",
        active.iter().map(|e| e.html()).collect::<Vec<_>>()
    );
    for element in document
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, _) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "{where_}: injected attribute {name} on <{}>",
                element.value().name()
            );
        }
    }
}

fn text_of(page: &str) -> String {
    html(page).root_element().text().collect()
}

#[tokio::test]
async fn payloads_are_inert_on_the_survey_error_thanks_and_password_pages() {
    let app = spawn_app().await;
    let document = json!({
        "slug": "xss", "title": SCRIPT, "description": ATTRIBUTE, "language": "en", "thank_you": SCRIPT,
        "questions": [
            {"id": "q", "type": "textarea", "text": ATTRIBUTE, "required": true},
            {"id": "c", "type": "multi", "text": SCRIPT, "options": [ATTRIBUTE, SCRIPT]},
            {"id": "d", "type": "dropdown", "text": "D", "options": [ATTRIBUTE]},
            {"id": "e", "type": "email", "text": "E"}
        ]
    });
    app.import(document.clone()).await;
    let mut locked = document;
    locked["slug"] = json!("xss-locked");
    locked["access"] = json!({"mode": "password", "password": "p"});
    app.import(locked).await;

    let survey = app.get("/s/xss").await.text().await.unwrap();
    assert_inert(&survey, "survey page");
    assert!(text_of(&survey).contains(SCRIPT));

    let invalid = app
        .submit("xss", &[("q", ANSWER), ("e", ATTRIBUTE), ("c", ATTRIBUTE)])
        .await;
    assert_eq!(invalid.status(), 422);
    let invalid = invalid.text().await.unwrap();
    assert_inert(&invalid, "re-rendered form");
    assert_eq!(
        select(&html(&invalid), "#q-q")[0]
            .text()
            .collect::<String>(),
        ANSWER
    );
    assert_eq!(
        select(&html(&invalid), "#q-e")[0].value().attr("value"),
        Some(ATTRIBUTE)
    );

    assert_eq!(app.submit("xss", &[("q", ANSWER)]).await.status(), 303);
    let thanks = app.get("/s/xss/thanks").await.text().await.unwrap();
    assert_inert(&thanks, "thank-you page");
    assert!(text_of(&thanks).contains(SCRIPT));

    let gate = app
        .get("/s/xss-locked?smclientid=%22%3E%3Cscript%3E")
        .await
        .text()
        .await
        .unwrap();
    assert_inert(&gate, "password page");
    let wrong = app
        .post_form(
            "/s/xss-locked/password",
            &[("password", "x"), ("smclientid", ATTRIBUTE)],
        )
        .await;
    assert_inert(&wrong.text().await.unwrap(), "wrong password page");
}

#[tokio::test]
async fn answers_are_inert_on_the_sandbox_page() {
    let app = spawn_app_with(|s| s.sandbox = true).await;
    let sandbox = SalesmanagoInput {
        endpoint: format!("{}/sandbox/salesmanago", app.address),
        client_id: SANDBOX_CLIENT_ID.into(),
        owner: "demo@example.pl".into(),
        api_secret: Some(SecretString::from(app.state.key.sandbox_secret())),
        property_prefix: None,
    };
    set_salesmanago(
        app.store(),
        &app.state.key,
        app.account_id,
        sandbox,
        ankieter::domain::EndpointPolicy::Any,
    )
    .await
    .unwrap();
    let mut survey = nps_survey();
    survey["salesmanago"]["tag"] = json!(SCRIPT);
    survey["questions"][3]["text"] = json!(ATTRIBUTE);
    let slug = app.import(survey).await;
    app.submit(
        &slug,
        &[("email", "x@example.pl"), ("ocena", "1"), ("uwagi", ANSWER)],
    )
    .await;
    app.deliver_all_pending().await;

    let page = app.get("/sandbox/salesmanago").await.text().await.unwrap();

    assert_inert(&page, "sandbox page");
    let text = text_of(&page);
    assert!(text.contains(ANSWER), "the answer is shown as text");
    assert!(
        text.contains("<SCRIPT>ALERT('X')</SCRIPT>"),
        "the tag as SALESmanago stores it"
    );
}
