//! Templates to start from: each opens the new-survey editor in the chosen
//! language, unsaved, with keys pinned; saving makes it a survey.

use super::*;

fn value_of(page: &str, css: &str) -> String {
    texts_attr(page, css, "value")
        .first()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn every_template_is_offered_in_three_languages_and_opens_unsaved() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, list) = admin.page("/admin/surveys").await;
    let links = texts_attr(&list, ".starters a", "href");
    assert_eq!(links.len(), 4 * 3, "{links:?}");
    for link in &links {
        let (status, page) = admin.page(link).await;
        assert_eq!(status, StatusCode::OK, "{link}");
        assert!(!value_of(&page, "#title").is_empty(), "{link}");
        assert!(!value_of(&page, "#slug").is_empty(), "{link}");
    }
    assert!(
        has_no_surveys(&app).await,
        "opening a template saves nothing"
    );
}

#[tokio::test]
async fn the_polish_nps_template_is_saved_with_its_pinned_keys() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin
        .page("/admin/surveys/new?template=nps&language=pl")
        .await;
    assert_eq!(value_of(&page, "#slug"), "nps");
    assert_eq!(
        texts_attr(&page, "#language option[selected]", "value"),
        ["pl"]
    );
    assert!(texts(&page, ".property-key").contains(&"ankieta.nps".to_owned()));

    admin
        .save_editor_as_shown("/admin/surveys/new", &page)
        .await;
    let saved = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert_eq!(saved.document.questions[1].key.as_deref(), Some("nps"));
    assert_eq!(saved.document.questions[1].max, Some(10));
    assert!(saved.document.title.contains("polecisz"));

    // The same template again takes the next free link; the keys keep the
    // account's prefix whatever the survey's language.
    let (_, page) = admin
        .page("/admin/surveys/new?template=nps&language=cs")
        .await;
    assert_eq!(value_of(&page, "#slug"), "nps-2");
    assert!(texts(&page, ".property-key").contains(&"ankieta.nps".to_owned()));
}

#[tokio::test]
async fn an_unknown_template_is_a_404_and_an_unknown_language_the_accounts() {
    let app = spawn_app().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (status, _) = admin.page("/admin/surveys/new?template=quiz").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, page) = admin
        .page("/admin/surveys/new?template=lead&language=de")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        texts_attr(&page, "#language option[selected]", "value"),
        ["pl"],
        "the account is Polish"
    );
}
