//! Property keys users can keep stable: a question may pin its key, and an
//! edit that would move the key of a question with responses asks first.

use super::*;

/// The editor's fields for the survey `po-zakupie`, the scale question's
/// text and pinned key as given.
fn form<'a>(text: &'a str, key: &'a str, action: &'a str) -> Vec<(&'a str, &'a str)> {
    super::editor::new_survey_form(&[("q.1.text", text), ("q.1.key", key), ("action", action)])
}

async fn saved_keys(app: &TestApp) -> Vec<Option<String>> {
    let survey = app
        .store()
        .survey_by_slug("po-zakupie")
        .await
        .unwrap()
        .unwrap();
    survey
        .document
        .questions
        .iter()
        .map(|q| q.key.clone())
        .collect()
}

/// A survey saved in the editor and answered once.
async fn answered_survey(app: &TestApp, admin: &AdminSession) -> Uuid {
    admin
        .post_and_follow(
            "/admin/surveys/new",
            &form("Jak oceniasz zakupy?", "", "save"),
        )
        .await;
    app.submit(
        "po-zakupie",
        &[("email", "jan@example.com"), ("ocena", "4")],
    )
    .await;
    survey_id(app, app.account_id).await
}

#[tokio::test]
async fn rewording_a_question_with_responses_asks_before_the_key_moves() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let id = answered_survey(&app, &admin).await;
    let url = format!("/admin/surveys/{id}");

    let asked = admin
        .post(&url, &form("Jak oceniasz nasz sklep?", "", "save"))
        .await;
    assert_eq!(asked.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = asked.text().await.unwrap();
    assert_eq!(
        texts(&page, "#key-changes li"),
        ["Question 2: ankieta.Jak-oceniasz-zakupy? → ankieta.Jak-oceniasz-nasz-sklep?"]
    );
    assert_eq!(
        input_value(&page, "q.1.text"),
        "Jak oceniasz nasz sklep?",
        "the edit is kept on the page"
    );
    let saved = app
        .store()
        .survey_by_slug("po-zakupie")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        saved.document.questions[1].text, "Jak oceniasz zakupy?",
        "nothing saved"
    );

    // Keeping the old key pins it: the new text, the old key.
    let (_, page) = admin
        .post_and_follow(&url, &form("Jak oceniasz nasz sklep?", "", "pin-old-keys"))
        .await;
    assert_eq!(
        saved_keys(&app).await,
        [None, Some("Jak-oceniasz-zakupy?".into())]
    );
    assert_eq!(
        texts(&page, ".property-key"),
        ["ankieta.Twoj-e-mail", "ankieta.Jak-oceniasz-zakupy?"]
    );
    app.submit(
        "po-zakupie",
        &[("email", "ewa@example.com"), ("ocena", "5")],
    )
    .await;
    app.deliver_all_pending().await;
    let sent = app.received("/api/contact/upsert").await;
    assert_eq!(sent.len(), 2);
    for body in &sent {
        assert!(
            body["properties"]["ankieta.Jak-oceniasz-zakupy?"].is_string(),
            "both responses under the one key: {body}"
        );
    }
}

#[tokio::test]
async fn the_new_keys_are_taken_when_the_admin_says_so_and_unanswered_surveys_never_ask() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    admin
        .post_and_follow(
            "/admin/surveys/new",
            &form("Jak oceniasz zakupy?", "", "save"),
        )
        .await;
    let id = survey_id(&app, app.account_id).await;
    let url = format!("/admin/surveys/{id}");
    // No response yet: nothing was sent under the old key.
    admin
        .post_and_follow(&url, &form("Jak oceniasz sklep?", "", "save"))
        .await;
    app.submit(
        "po-zakupie",
        &[("email", "jan@example.com"), ("ocena", "4")],
    )
    .await;
    let (_, page) = admin
        .post_and_follow(&url, &form("Czy polecisz nas?", "", "save-new-keys"))
        .await;
    assert_eq!(saved_keys(&app).await, [None, None]);
    assert_eq!(
        texts(&page, ".property-key")[1],
        "ankieta.Czy-polecisz-nas?"
    );
}

#[tokio::test]
async fn a_pinned_key_is_the_prefix_and_the_pin_and_bad_pins_are_refused_by_field() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin
        .post_and_follow(
            "/admin/surveys/new",
            &form("Jak oceniasz zakupy?", "nps", "save"),
        )
        .await;
    assert_eq!(texts(&page, ".property-key")[1], "ankieta.nps");
    let id = survey_id(&app, app.account_id).await;
    let url = format!("/admin/surveys/{id}");
    // With a pinned key, rewording moves nothing and asks nothing.
    app.submit(
        "po-zakupie",
        &[("email", "jan@example.com"), ("ocena", "4")],
    )
    .await;
    admin
        .post_and_follow(&url, &form("Czy polecisz nas?", "nps", "save"))
        .await;

    for bad in ["ma spację", "ocena_ąę", &"x".repeat(101)] {
        let refused = admin
            .post(&url, &form("Czy polecisz nas?", bad, "save"))
            .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let page = refused.text().await.unwrap();
        let errors = field_errors_after(&page, "q.1.key");
        assert_eq!(
            errors.len(),
            1,
            "{bad}: {errors:?} {:?}",
            texts(&page, ".field-error, .error")
        );
    }
    assert_eq!(saved_keys(&app).await, [None, Some("nps".into())]);
}

fn input_value(page: &str, name: &str) -> String {
    let document = html(page);
    select(&document, &format!("input[name='{name}']"))[0]
        .value()
        .attr("value")
        .unwrap_or_default()
        .to_owned()
}

/// The field errors shown right before the input `name`.
fn field_errors_after(page: &str, name: &str) -> Vec<String> {
    let document = html(page);
    let input = select(&document, &format!("input[name='{name}']"))[0];
    input
        .prev_siblings()
        .filter_map(scraper::ElementRef::wrap)
        .take_while(|e| {
            e.value().name() == "p"
                && e.value()
                    .has_class("field-error", scraper::CaseSensitivity::CaseSensitive)
        })
        .map(|e| e.text().collect())
        .collect()
}
