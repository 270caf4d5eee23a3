//! Duplicating a survey: the new-survey editor starts as a copy, with a
//! free link of its own, and nothing is saved until the admin saves.

use super::*;
use ankieter::manage::create_account;

fn value_of(page: &str, css: &str) -> String {
    let document = html(page);
    select(&document, css)[0]
        .value()
        .attr("value")
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_duplicate_starts_as_a_copy_with_a_free_link_and_is_saved_as_a_new_survey() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let original = survey_id(&app, app.account_id).await;
    let (_, editor) = admin.page(&format!("/admin/surveys/{original}")).await;
    assert_eq!(
        texts(&editor, "#duplicate"),
        ["Duplicate"],
        "offered on the survey's page"
    );

    let (status, page) = admin
        .page(&format!("/admin/surveys/new?from={original}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(value_of(&page, "#title"), "Copy of Ankieta NPS");
    assert_eq!(value_of(&page, "#slug"), "nps-2");
    assert_eq!(
        texts(&page, ".property-key"),
        texts(&editor, ".property-key"),
        "the same questions"
    );
    assert_eq!(
        app.store().surveys(app.account_id).await.unwrap().len(),
        1,
        "nothing saved yet"
    );

    // Saved as the form stands: a second survey; the original untouched.
    let (location, _) = admin
        .save_editor_as_shown("/admin/surveys/new", &page)
        .await;
    let copy = app.store().survey_by_slug("nps-2").await.unwrap().unwrap();
    assert_eq!(location, format!("/admin/surveys/{}", copy.id));
    assert_ne!(copy.id, original);
    assert_eq!(copy.document.title, "Copy of Ankieta NPS");
    let first = app.store().survey_by_slug("nps").await.unwrap().unwrap();
    assert_eq!(first.id, original);
    assert_eq!(first.document.title, "Ankieta NPS");
    assert_eq!(copy.document.questions, first.document.questions);

    // The next copy takes the next free link.
    let (_, page) = admin
        .page(&format!("/admin/surveys/new?from={original}"))
        .await;
    assert_eq!(value_of(&page, "#slug"), "nps-3");
}

#[tokio::test]
async fn another_accounts_survey_cannot_be_duplicated() {
    let app = spawn_app().await;
    let other = create_account(app.store(), "Konkurencja", ankieter::domain::Language::Pl)
        .await
        .unwrap();
    app.import(nps_survey()).await;
    let theirs = survey_id(&app, app.account_id).await;
    let admin = sign_in(&app, other.id, "ktos@konkurencja.pl").await;
    let (status, page) = admin
        .page(&format!("/admin/surveys/new?from={theirs}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Ankieta NPS"));
    let (status, _) = admin.page("/admin/surveys/new?from=not-an-id").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
