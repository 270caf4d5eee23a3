//! The respondent's page beside the editor: the editor's fields, not saved,
//! shown as the page respondents will get, in a frame only ankieter's own
//! pages may hold.

use super::editor::new_survey_form;
use super::*;

#[tokio::test]
async fn the_editors_fields_show_as_the_respondents_page_and_nothing_is_saved() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, editor) = admin.page("/admin/surveys/new").await;
    let document = html(&editor);
    let button = &select(&document, "#page-preview-button")[0];
    assert_eq!(button.value().attr("formtarget"), Some("page-preview"));
    assert_eq!(
        button.value().attr("formaction"),
        Some("/admin/surveys/page-preview")
    );
    assert_eq!(select(&document, "iframe[name='page-preview']").len(), 1);

    let answer = admin
        .post(
            "/admin/surveys/page-preview",
            &new_survey_form(&[
                ("title", "Ankieta <po> zakupie"),
                ("q.1.text", "Jak oceniasz <b>zakupy</b>?"),
                ("action", "page-preview"),
            ]),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let csp = answer.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert_eq!(answer.headers()["x-frame-options"], "SAMEORIGIN");
    let page = answer.text().await.unwrap();
    let document = html(&page);
    assert_eq!(texts(&page, "h1"), ["Ankieta <po> zakupie"], "escaped text");
    assert!(!page.contains("<b>zakupy</b>"), "question text is escaped");
    // The respondent's form in the survey's language, five scale points …
    assert_eq!(select(&document, "input[name='ocena']").len(), 5);
    assert_eq!(texts(&page, "button[type='submit']"), ["Wyślij"]);
    // … that sends nothing from the preview.
    let form = &select(&document, "form")[0];
    assert_eq!(form.value().attr("action"), None);
    assert!(select(&document, "button[type='submit']")[0]
        .value()
        .attr("disabled")
        .is_some());
    assert!(texts(&page, ".preview-note")[0].contains("Nothing is sent"));
    assert!(has_no_surveys(&app).await, "a preview saves nothing");
}

#[tokio::test]
async fn a_survey_with_mistakes_lists_them_in_the_admins_language() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    admin
        .post("/admin/language", &[("language", "pl"), ("next", "/admin")])
        .await;
    let page = admin
        .post(
            "/admin/surveys/page-preview",
            &new_survey_form(&[("title", " "), ("q.1.max", "dużo")]),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        texts(&page, "#preview-mistakes")[0].contains("nie będzie miała błędów"),
        "{page}"
    );
    let mistakes = texts(&page, "li");
    assert!(
        mistakes.iter().any(|m| m.starts_with("Pytanie 2")),
        "{mistakes:?}"
    );
    assert!(
        !page.contains("<form"),
        "no form while the survey has mistakes"
    );
}

#[tokio::test]
async fn the_preview_needs_a_signed_in_admin_and_the_forms_token() {
    let app = spawn_app().await;
    let stranger = browser()
        .post(format!("{}/admin/surveys/page-preview", app.address))
        .form(&new_survey_form(&[]))
        .send()
        .await
        .unwrap();
    assert_ne!(stranger.status(), StatusCode::OK);
    assert!(!stranger.text().await.unwrap().contains("Jak oceniasz"));
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let forged = admin
        .client
        .post(format!("{}/admin/surveys/page-preview", app.address))
        .form(&new_survey_form(&[("_csrf", "forged")]))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}
