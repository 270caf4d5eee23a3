//! Survey documents: invalid ones are refused with messages naming the field.

use crate::helpers::*;
use ankieter::domain::{Survey, SurveyDocument};
use ankieter::manage::{import_survey, ManageError};
use serde_json::{json, Value};

fn refused(mutate: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut document = nps_survey();
    mutate(&mut document);
    let parsed = match SurveyDocument::from_json(&document.to_string()) {
        Ok(parsed) => parsed,
        Err(message) => return vec![message],
    };
    match Survey::from_document(parsed) {
        Ok(_) => panic!("accepted: {document}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn every_invalid_document_names_the_field_at_fault() {
    type Mutation = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(Mutation, &str)> = vec![
        (
            Box::new(|d| d["questions"][1]["type"] = json!("stars")),
            "questions[1].type: unknown type \"stars\"",
        ),
        (
            Box::new(|d| d["questions"][2]["id"] = json!("email")),
            "questions[2].id: duplicate id \"email\"",
        ),
        (
            Box::new(|d| d["questions"][2]["options"] = json!([])),
            "questions[2].options: a choice question needs at least one option",
        ),
        (
            Box::new(|d| d["questions"][2]["options"] = json!(["A", "A"])),
            "questions[2].options[1]: duplicate option",
        ),
        (
            Box::new(|d| d["questions"][1]["max"] = json!(0)),
            "questions[1].max: max must be greater than min",
        ),
        (
            Box::new(|d| {
                d["questions"][1]
                    .as_object_mut()
                    .unwrap()
                    .remove("min")
                    .map(|_| ())
                    .unwrap_or(())
            }),
            "questions[1].min: a scale question needs min and max",
        ),
        (
            Box::new(|d| d["questions"][0]["options"] = json!(["x"])),
            "questions[0].options: a email question has no options",
        ),
        (
            Box::new(|d| d["questions"][0]["opt_in"] = json!(true)),
            "questions[0].opt_in: only a consent question",
        ),
        (
            Box::new(|d| d["questions"][0]["text"] = json!("  ")),
            "questions[0].text: must not be empty",
        ),
        (
            Box::new(|d| d["questions"][0]["id"] = json!("a b")),
            "questions[0].id: use 1–64 letters",
        ),
        (
            Box::new(|d| d["slug"] = json!("Zła Nazwa")),
            "slug: \"Zła Nazwa\" is not a valid slug",
        ),
        (
            Box::new(|d| d["title"] = json!("")),
            "title: must not be empty",
        ),
        (
            Box::new(|d| d["questions"] = json!([])),
            "questions: a survey needs at least one question",
        ),
        (
            Box::new(|d| d["salesmanago"]["tag"] = json!(" ")),
            "salesmanago.tag: a survey that sends results to SALESmanago needs a tag",
        ),
        (
            Box::new(|d| d["access"] = json!({"mode": "password"})),
            "access.password: the password mode needs a non-empty password",
        ),
        (
            Box::new(|d| d["language"] = json!("de")),
            "invalid survey document: unknown variant `de`",
        ),
        (
            Box::new(|d| d["colour"] = json!("red")),
            "invalid survey document: unknown field `colour`",
        ),
    ];
    for (mutate, expected) in cases {
        let errors = refused(mutate);
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "expected {expected:?} in {errors:?}"
        );
    }
}

#[test]
fn the_demo_survey_is_valid_and_uses_every_question_type() {
    let document = SurveyDocument::from_json(ankieter::cli::DEMO_SURVEY).unwrap();
    let survey = Survey::from_document(document).unwrap();
    let mut kinds: Vec<_> = survey.questions.iter().map(|q| q.kind.name()).collect();
    kinds.sort();
    let mut all = ankieter::domain::survey::KIND_NAMES.to_vec();
    all.sort();
    assert_eq!(kinds, all);
}

#[tokio::test]
async fn a_slug_of_another_account_cannot_be_taken_over() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    let other =
        ankieter::manage::create_account(app.store(), "Inna", ankieter::domain::Language::Cs)
            .await
            .unwrap();

    let outcome = import_survey(
        app.store(),
        &app.state.key,
        other.id,
        &nps_survey().to_string(),
    )
    .await;

    assert!(matches!(outcome, Err(ManageError::SlugTaken(slug)) if slug == "nps"));
}

#[tokio::test]
async fn reimporting_a_slug_replaces_the_survey_of_the_same_account() {
    let app = spawn_app().await;
    app.import(nps_survey()).await;
    let mut changed = nps_survey();
    changed["title"] = json!("Nowy tytuł");

    app.import(changed).await;

    let page = html(&app.get("/s/nps").await.text().await.unwrap());
    assert_eq!(
        select(&page, "h1")[0].text().collect::<String>(),
        "Nowy tytuł"
    );
    assert_eq!(app.store().surveys(app.account_id).await.unwrap().len(), 1);
}
