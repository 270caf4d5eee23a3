use super::*;
use serde_json::{json, Value};

/// The editor's fields for a two-question survey.
pub(super) fn new_survey_form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", "Ankieta po zakupie"),
        ("slug", "po-zakupie"),
        ("language", "pl"),
        ("access_mode", "open"),
        ("sm_enabled", "on"),
        ("sm_tag", "PO_ZAKUPIE"),
        ("q_count", "2"),
        ("q.0.id", "email"),
        ("q.0.type", "email"),
        ("q.0.text", "Twój e-mail"),
        ("q.0.required", "on"),
        ("q.1.id", "ocena"),
        ("q.1.type", "scale"),
        ("q.1.text", "Jak oceniasz zakupy?"),
        ("q.1.min", "1"),
        ("q.1.max", "5"),
    ];
    // A field given in `extra` replaces the default one.
    fields.retain(|(name, _)| extra.iter().all(|(n, _)| n != name));
    fields.extend_from_slice(extra);
    fields
}

fn input_values(page: &str, css: &str) -> Vec<String> {
    let document = html(page);
    select(&document, css)
        .iter()
        .map(|e| e.value().attr("value").unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn a_survey_created_in_the_editor_is_saved_and_served() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (status, page) = admin.page("/admin/surveys/new").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(input_values(&page, "input[name='q.0.id']"), ["email"]);

    let (location, page) = admin
        .post_and_follow(
            "/admin/surveys/new",
            &new_survey_form(&[("action", "save")]),
        )
        .await;
    let id = survey_id(&app, app.account_id).await;
    assert_eq!(location, format!("/admin/surveys/{id}"));
    assert_eq!(flash_of(&page), "Survey “Ankieta po zakupie” saved.");
    assert_eq!(
        texts(&page, ".property-key"),
        ["ankieta.Twoj-e-mail", "ankieta.Jak-oceniasz-zakupy?"]
    );
    let stored = app
        .store()
        .survey_by_slug("po-zakupie")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.document.questions[1].max, Some(5));
    assert_eq!(
        stored.document.salesmanago.tag.as_deref(),
        Some("PO_ZAKUPIE")
    );
    let survey_page = app.get("/s/po-zakupie").await;
    assert_eq!(survey_page.status(), StatusCode::OK);
    assert!(survey_page
        .text()
        .await
        .unwrap()
        .contains("Jak oceniasz zakupy?"));

    // A second "new" survey may not take the same link.
    let response = admin
        .post(
            "/admin/surveys/new",
            &new_survey_form(&[("action", "save")]),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(texts(&page, ".field-error")[0].contains("already taken"));
}

#[tokio::test]
async fn editor_buttons_add_move_and_remove_questions_without_saving() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let page = admin
        .post(
            "/admin/surveys/new",
            &new_survey_form(&[("action", "down:0")]),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        input_values(&page, "input[name$='.id']"),
        ["ocena", "email"]
    );
    let page = admin
        .post("/admin/surveys/new", &new_survey_form(&[("action", "add")]))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        input_values(&page, "input[name$='.id']"),
        ["email", "ocena", "q3"]
    );
    assert_eq!(input_values(&page, "input[name=q_count]"), ["3"]);
    let page = admin
        .post(
            "/admin/surveys/new",
            &new_survey_form(&[("action", "remove:0")]),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(input_values(&page, "input[name$='.id']"), ["ocena"]);
    // The typed text survives every round trip.
    assert_eq!(
        input_values(&page, "input[name='q.0.text']"),
        ["Jak oceniasz zakupy?"]
    );
    assert!(has_no_surveys(&app).await);
}

#[tokio::test]
async fn errors_sit_next_to_their_fields_and_keys_warn_about_collisions() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let response = admin
        .post(
            "/admin/surveys/new",
            &new_survey_form(&[("action", "save"), ("q.1.min", "jeden")]),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    let document = html(&page);
    let error = select(&document, "label[for='q.1.min'] + .field-error");
    assert_eq!(
        error[0].text().collect::<String>(),
        "must be a whole number"
    );

    // A second question with the same text: its key is numbered, with a warning.
    let mut form = new_survey_form(&[("action", "save")]);
    form.retain(|(name, _)| *name != "q.1.min" && *name != "q.1.max");
    form.retain(|(name, _)| *name != "q.1.text");
    form.push(("q.1.text", "Twój e-mail"));
    let response = admin.post("/admin/surveys/new", &form).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "scale without range"
    );
    let page = response.text().await.unwrap();
    assert_eq!(
        texts(&page, ".property-key"),
        ["ankieta.Twoj-e-mail", "ankieta.Twoj-e-mail-2"]
    );
    assert!(texts(&page, "#question-2 .warn")[0].contains("same key"));
    assert!(!texts(&page, "#question-2 .field-error").is_empty());
}

#[tokio::test]
async fn the_payload_preview_is_the_exact_body_with_secrets_redacted() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let response = admin
        .post(
            "/admin/surveys/new",
            &new_survey_form(&[("action", "preview")]),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let payload: Value = serde_json::from_str(&texts(&page, "#payload")[0]).unwrap();
    assert_eq!(payload["contact"]["email"], "jan.kowalski@example.com");
    assert_eq!(payload["properties"]["ankieta.Jak-oceniasz-zakupy?"], "5");
    assert_eq!(payload["tags"], json!(["PO_ZAKUPIE"]));
    assert_eq!(payload["clientId"], CLIENT_ID);
    assert_eq!(payload["owner"], OWNER);
    assert!(payload["sha"].as_str().unwrap().starts_with("(redacted"));
    assert!(!page.contains(API_SECRET));
    // Previewing saves nothing.
    assert!(has_no_surveys(&app).await);
}

#[tokio::test]
async fn the_survey_event_option_is_saved_and_previewed_as_the_second_call() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let with_event = |action| {
        new_survey_form(&[
            ("action", action),
            ("survey_event", "on"),
            ("score_question", "ocena"),
            ("q.1.min", "0"),
            ("q.1.max", "10"),
        ])
    };

    let page = admin
        .post("/admin/surveys/new", &with_event("preview"))
        .await
        .text()
        .await
        .unwrap();
    let event: Value = serde_json::from_str(&texts(&page, "#event-payload")[0]).unwrap();
    assert_eq!(event["contactEvent"]["contactExtEventType"], "SURVEY");
    assert_eq!(event["contactEvent"]["description"], "Ankieta po zakupie");
    assert_eq!(event["contactEvent"]["detail1"], "po-zakupie");
    assert_eq!(
        event["contactEvent"]["detail2"], "10",
        "the sample score (the scale's top)"
    );
    assert!(event["contactId"]
        .as_str()
        .unwrap()
        .contains("SALESmanago answered"));
    assert!(!page.contains(API_SECRET));

    let score_of_1_to_5 = admin
        .post(
            "/admin/surveys/new",
            &new_survey_form(&[
                ("action", "save"),
                ("survey_event", "on"),
                ("score_question", "ocena"),
            ]),
        )
        .await;
    assert_eq!(score_of_1_to_5.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = score_of_1_to_5.text().await.unwrap();
    assert!(
        texts(&refused, ".field-error")
            .iter()
            .any(|e| e.contains("0–10 scale")),
        "{refused}"
    );

    admin
        .post_and_follow("/admin/surveys/new", &with_event("save"))
        .await;
    let survey = app
        .store()
        .survey_by_slug("po-zakupie")
        .await
        .unwrap()
        .unwrap();
    assert!(survey.document.salesmanago.survey_event);
    assert_eq!(
        survey.document.salesmanago.score_question.as_deref(),
        Some("ocena")
    );
}

#[tokio::test]
async fn editing_a_survey_keeps_its_link_and_old_responses_readable() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    app.submit(
        "nps",
        &[
            ("email", "jan@example.com"),
            ("ocena", "9"),
            ("uwagi", "Świetnie"),
        ],
    )
    .await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let id = survey_id(&app, app.account_id).await;
    // The e-mail question is reworded: its key moves, which the admin
    // confirms (see keys.rs for the question asked first).
    let form = [
        ("action", "save-new-keys"),
        ("slug", "zmieniony"),
        ("title", "Ankieta NPS 2"),
        ("language", "pl"),
        ("access_mode", "open"),
        ("sm_enabled", "on"),
        ("sm_tag", "NPS"),
        ("q_count", "1"),
        ("q.0.id", "email"),
        ("q.0.type", "email"),
        ("q.0.text", "E-mail"),
    ];
    let (_, page) = admin
        .post_and_follow(&format!("/admin/surveys/{id}"), &form)
        .await;
    assert_eq!(flash_of(&page), "Survey “Ankieta NPS 2” saved.");
    let stored = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert_eq!(stored.id, id, "the same survey, same link");
    assert_eq!(stored.document.questions.len(), 1);
    assert!(app
        .store()
        .survey_by_slug("zmieniony")
        .await
        .unwrap()
        .is_none());

    let response = &app.store().responses(id).await.unwrap()[0];
    let (status, page) = admin
        .page(&format!("/admin/responses/{}", response.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    let rows = texts(&page, "#answers tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("Uwagi") && r.contains("Świetnie")),
        "{rows:?}"
    );
    assert!(rows
        .iter()
        .any(|r| r.contains("Jak oceniasz naszą obsługę?") && r.contains('9')));
}

#[tokio::test]
async fn import_and_export_use_the_cli_json_format() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let response = admin
        .post(
            "/admin/surveys/import",
            &[("json", r#"{"slug": "x", "title": ""}"#)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(texts(&page, "#json-errors li")[0].contains("invalid survey document"));
    assert_eq!(
        texts(&page, "textarea#json"),
        [r#"{"slug": "x", "title": ""}"#],
        "the pasted JSON stays in the box"
    );

    let json = nps_survey().to_string();
    let (location, page) = admin
        .post_and_follow("/admin/surveys/import", &[("json", json.as_str())])
        .await;
    assert_eq!(flash_of(&page), "Survey “Ankieta NPS” imported.");
    let export = admin.get(&format!("{location}/export")).await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(export.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("nps.json"));
    let exported: Value = export.json().await.unwrap();
    assert_eq!(exported["slug"], "nps");
    assert_eq!(exported["questions"].as_array().unwrap().len(), 5);
    // The export imports again unchanged.
    let again = ankieter::domain::SurveyDocument::from_json(&exported.to_string()).unwrap();
    let stored = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert_eq!(again, stored.document);
}

#[tokio::test]
async fn the_key_preview_separates_words_at_a_tab_after_a_polish_letter() {
    let app = spawn_app().await;
    let mut survey = nps_survey();
    survey["questions"][3]["text"] = serde_json::json!("Które  produkty\tznasz?");
    app.import(survey).await;
    let id = survey_id(&app, app.account_id).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;

    let (_, page) = admin.page(&format!("/admin/surveys/{id}")).await;
    assert_eq!(
        texts(&page, ".property-key")[3],
        "ankieta.Ktore-produkty-znasz?"
    );
}

#[tokio::test]
async fn the_popup_snippet_speaks_the_surveys_language() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    for (language, open, close) in [
        ("pl", "Otwórz ankietę", "Zamknij"),
        ("cs", "Otevřít dotazník", "Zavřít"),
        ("en", "Open the survey", "Close"),
    ] {
        let slug = format!("popup-{language}");
        let (_, page) = admin
            .post_and_follow(
                "/admin/surveys/new",
                &new_survey_form(&[
                    ("action", "save"),
                    ("language", language),
                    ("slug", slug.as_str()),
                ]),
            )
            .await;
        let popup = format!(r#"data-mode="popup" data-button="{open}" data-close="{close}""#);
        let shown = texts(&page, "#popup-snippet").concat();
        assert!(shown.contains(&popup), "{language}: {shown}");
    }
}

/// The `id` of the element that carries `autofocus` (one at most).
fn focused(page: &str) -> Vec<String> {
    texts_attr(page, "[autofocus]", "id")
}

#[tokio::test]
async fn the_buttons_go_by_htmx_and_the_focus_lands_where_the_change_is() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin.page("/admin/surveys/new").await;
    // Add, remove, move and preview are sent by htmx, which swaps only the
    // editor's body; saving stays a whole-page POST that redirects.
    let document = html(&page);
    let hx = |css: &str| {
        select(&document, css)
            .iter()
            .map(|e| e.value().attr("hx-post").unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(hx("#add-question"), ["/admin/surveys/new"]);
    assert_eq!(hx("button[value='remove:0']"), ["/admin/surveys/new"]);
    assert_eq!(hx("button[value='preview']").len(), 2);
    assert!(hx("button[value='save']").iter().all(String::is_empty));
    assert_eq!(
        select(&document, "#editor-body[hx-select='#editor-body']").len(),
        1
    );
    assert_eq!(
        select(&document, "script[src^='/static/htmx.min.js']").len(),
        1,
        "vendored, not from a CDN"
    );
    assert!(focused(&page).is_empty(), "a fresh page takes no focus");

    let after = |action: &'static str| {
        let admin = &admin;
        async move {
            let response = admin
                .post(
                    "/admin/surveys/new",
                    &new_survey_form(&[("action", action)]),
                )
                .await;
            assert_eq!(response.status(), StatusCode::OK, "{action}");
            response.text().await.unwrap()
        }
    };
    for (action, focus, why) in [
        ("add", "q.2.text", "the new question"),
        ("remove:0", "q.0.text", "the one that took its place"),
        ("remove:1", "q.0.text", "the one above"),
        ("down:0", "q.1.up", "at the end it can only go up"),
        ("up:1", "q.0.down", "at the top it can only go down"),
        ("preview", "preview-title", "the preview"),
    ] {
        assert_eq!(focused(&after(action).await), [focus], "{action}: {why}");
    }

    // The assets are served from ankieter itself.
    for asset in ["/static/htmx.min.js", "/static/editor.js"] {
        let response = app.get(asset).await;
        assert_eq!(response.status(), StatusCode::OK, "{asset}");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript"));
    }
}

#[tokio::test]
async fn each_question_shows_the_fields_of_its_type_and_saves_only_those() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin.page("/admin/surveys/new").await;
    // Per question: the options, the range, the opt-in, each marked with
    // the types that use it for editor.js to hide it under the others.
    let types = texts_attr(&page, "#question-1 .for-types", "data-types");
    assert_eq!(types, ["single multi dropdown", "scale number", "consent"]);

    // Options typed before the type became a scale do not stop the save
    // and are not kept.
    let (_, _) = admin
        .post_and_follow(
            "/admin/surveys/new",
            &new_survey_form(&[("action", "save"), ("q.1.options", "tak\nnie")]),
        )
        .await;
    let stored = app
        .store()
        .survey_by_slug("po-zakupie")
        .await
        .unwrap()
        .unwrap();
    assert!(stored.document.questions[1].options.is_empty());
    assert_eq!(stored.document.questions[1].max, Some(5));
}

#[tokio::test]
async fn a_failed_save_lists_every_error_at_the_top_linking_to_its_field() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let response = admin
        .post(
            "/admin/surveys/new",
            &new_survey_form(&[("action", "save"), ("q.1.min", "jeden"), ("title", "")]),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert_eq!(focused(&page), ["form-errors"]);
    let document = html(&page);
    let links: Vec<(String, String)> = select(&document, "#form-errors li a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_owned(),
                a.text().collect::<String>(),
            )
        })
        .collect();
    assert!(
        links.contains(&("#title".to_owned(), "Title".to_owned())),
        "{links:?}"
    );
    assert!(
        links.contains(&(
            "#q.1.min".to_owned(),
            "Question 2 · Min (scale, number)".to_owned()
        )),
        "{links:?}"
    );
    // Every link leads to an element of the page.
    for (href, _) in &links {
        let id = href.trim_start_matches('#');
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{href} has a target"
        );
    }
}
