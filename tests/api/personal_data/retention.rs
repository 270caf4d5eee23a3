//! Retention: the daily pass deletes an account's old responses in small
//! transactions, while respondents keep submitting, and never another
//! account's.

use super::stored;
use crate::helpers::*;
use ankieter::clock::now_ms;
use ankieter::db::{NewDelivery, NewResponse, Retention};
use ankieter::domain::{Answers, ContactChanges, DeliveryPlan, RespondentEmail, Target};
use ankieter::manage::audit::Actor;
use ankieter::manage::{apply_retention, set_retention, ManageError};
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// `count` responses of the account's survey `slug`, each with a pending
/// delivery, `age_days` old.
async fn old_responses(app: &TestApp, account_id: Uuid, slug: &str, count: usize, age_days: i64) {
    let survey = app.store().survey_by_slug(slug).await.unwrap().unwrap();
    let created_at = now_ms() - age_days * DAY_MS;
    let inserts = (0..count).map(|_| {
        let response = NewResponse {
            id: Uuid::now_v7(),
            account_id,
            survey_id: survey.id,
            answers: Answers::default(),
            smclientid: None,
            hidden: vec![],
            browser_id: None,
            submission_token: None,
            created_at,
            max_responses: None,
            webhook_delivery_id: None,
        };
        let delivery = NewDelivery {
            id: Uuid::now_v7(),
            plan: DeliveryPlan {
                target: Target::Email {
                    email: RespondentEmail::parse("stary@example.pl").unwrap(),
                },
                changes: ContactChanges::default(),
                cut_keys: vec![],
                notes: vec![],
                survey_event: None,
                values_removed: false,
            },
        };
        async move {
            app.store()
                .insert_response(&response, Some(&delivery))
                .await
                .unwrap()
        }
    });
    futures_util::future::join_all(inserts).await;
}

#[tokio::test]
async fn old_responses_go_in_batches_while_new_ones_keep_arriving_and_other_accounts_keep_theirs() {
    let app = spawn_app_with(|s| s.rate_limit.submissions_per_minute = 1_000_000).await;
    let slug = app.import(nps_survey()).await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna-nps")
        .await;
    // More than two batches of the store's.
    old_responses(&app, app.account_id, &slug, 1_200, 40).await;
    old_responses(&app, app.account_id, &slug, 5, 20).await;
    old_responses(&app, other, "inna-nps", 10, 400).await;
    set_retention(
        app.store(),
        app.account_id,
        Retention {
            responses_days: Some(30),
            delivery_body_days: None,
        },
        &Actor::cli(),
        now_ms(),
    )
    .await
    .unwrap();

    let submitting = async {
        let mut acknowledged = 0;
        for i in 0..40 {
            let answer = app
                .submit_by_email(&slug, &format!("nowy{i}@example.pl"))
                .await;
            if answer.status() == 303 {
                acknowledged += 1;
            }
        }
        acknowledged
    };
    let (passes, acknowledged) = tokio::join!(apply_retention(app.store(), now_ms()), submitting);
    let passes = passes.unwrap();

    assert_eq!(acknowledged, 40);
    assert_eq!(passes.len(), 1, "only the account with a retention");
    assert_eq!(passes[0].erased.responses, 1_200);
    assert_eq!(passes[0].erased.deliveries, 1_200);
    assert_eq!(
        stored(&app, app.account_id, &slug).await.len(),
        45,
        "the young ones and every new one"
    );
    assert_eq!(stored(&app, other, "inna-nps").await.len(), 10);
    let log = app
        .store()
        .audit_log(app.account_id, None, 10)
        .await
        .unwrap();
    assert_eq!(log[0].action, "retention.delete");
    assert_eq!(log[0].actor, "server");
    assert!(
        log[0].detail.contains("1200 responses"),
        "{}",
        log[0].detail
    );
}

#[tokio::test]
async fn a_retention_is_from_one_day_to_a_hundred_years_or_for_ever() {
    let app = spawn_app().await;
    let days = |responses, values| Retention {
        responses_days: responses,
        delivery_body_days: values,
    };
    for (wrong, field) in [
        (days(Some(0), None), "retention_days"),
        (days(Some(36_501), None), "retention_days"),
        (days(None, Some(0)), "delivery_body_days"),
    ] {
        let refused = set_retention(app.store(), app.account_id, wrong, &Actor::cli(), 1).await;
        assert!(
            matches!(refused, Err(ManageError::Field { field: f, .. }) if f == field),
            "{wrong:?}"
        );
    }
    set_retention(
        app.store(),
        app.account_id,
        days(Some(365), Some(7)),
        &Actor::cli(),
        1,
    )
    .await
    .unwrap();
    assert_eq!(
        app.store().retention(app.account_id).await.unwrap(),
        days(Some(365), Some(7))
    );
    set_retention(
        app.store(),
        app.account_id,
        days(None, None),
        &Actor::cli(),
        2,
    )
    .await
    .unwrap();
    assert!(app
        .store()
        .retention(app.account_id)
        .await
        .unwrap()
        .is_forever());
    assert!(apply_retention(app.store(), now_ms())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn what_a_delivered_response_sent_loses_its_values_after_the_days_set_and_keeps_its_keys() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), ..).await;
    app.submit(
        &slug,
        &[
            ("email", "ala@example.pl"),
            ("ocena", "9"),
            ("uwagi", "Tajne uwagi"),
        ],
    )
    .await;
    app.deliver_all_pending().await;
    // Not delivered yet: keeps everything, whatever its age.
    app.answer("/api/contact/upsert", sm_failure("nope"), ..)
        .await;
    let week = Retention {
        responses_days: None,
        delivery_body_days: Some(7),
    };
    set_retention(app.store(), app.account_id, week, &Actor::cli(), now_ms())
        .await
        .unwrap();
    let before = app.only_delivery().await;
    let plan_before = before.response_plan().unwrap().clone();

    let six_days = apply_retention(app.store(), now_ms() + 6 * DAY_MS)
        .await
        .unwrap();
    assert_eq!(six_days[0].values_removed, 0);
    let eight_days = apply_retention(app.store(), now_ms() + 8 * DAY_MS)
        .await
        .unwrap();
    assert_eq!(eight_days[0].values_removed, 1);
    assert_eq!(eight_days[0].erased, ankieter::db::Erased::default());
    let again = apply_retention(app.store(), now_ms() + 9 * DAY_MS)
        .await
        .unwrap();
    assert_eq!(again[0].values_removed, 0, "done once");

    let after = app.only_delivery().await;
    let plan = after.response_plan().unwrap();
    assert!(plan.values_removed);
    let keys = |p: &DeliveryPlan| {
        p.changes
            .properties
            .iter()
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(plan), keys(&plan_before));
    assert!(plan.changes.properties.iter().all(|(_, v)| v.is_empty()));
    assert_eq!(plan.changes.tags, plan_before.changes.tags);
    assert_eq!(after.status, ankieter::db::DeliveryStatus::Delivered);
    // The response itself keeps its answers.
    let answers = super::stored(&app, app.account_id, &slug).await;
    assert!(answers[0].1.contains("Tajne uwagi"));
    // The ledger says why the values are gone.
    let admin = crate::admin::sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin.page(&format!("/admin/deliveries/{}", after.id)).await;
    assert_eq!(crate::admin::texts(&page, "#values-removed").len(), 1);
    assert!(!page.contains("Tajne uwagi"));
}

#[tokio::test]
async fn a_survey_may_keep_its_responses_for_less_than_its_account() {
    let app = spawn_app().await;
    let mut short = nps_survey();
    short["slug"] = serde_json::json!("krotka");
    short["retention_days"] = serde_json::json!(10);
    let short_slug = app.import(short).await;
    let long_slug = app.import(nps_survey()).await;
    old_responses(&app, app.account_id, &short_slug, 3, 20).await;
    old_responses(&app, app.account_id, &short_slug, 2, 5).await;
    old_responses(&app, app.account_id, &long_slug, 3, 20).await;

    let passes = apply_retention(app.store(), now_ms()).await.unwrap();
    let survey = app
        .store()
        .survey_by_slug(&short_slug)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(passes.len(), 1, "only the survey with a retention");
    assert_eq!(passes[0].survey_id, Some(survey.id));
    assert_eq!(passes[0].erased.responses, 3);
    assert_eq!(passes[0].erased.deliveries, 3);
    assert_eq!(stored(&app, app.account_id, &short_slug).await.len(), 2);
    assert_eq!(stored(&app, app.account_id, &long_slug).await.len(), 3);

    // The editor shows it; a wrong number is named at its field.
    let admin = crate::admin::sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin.page(&format!("/admin/surveys/{}", survey.id)).await;
    assert_eq!(
        crate::admin::texts_attr(&page, "#retention_days", "value"),
        ["10"]
    );
    let mut wrong = nps_survey();
    wrong["slug"] = serde_json::json!("zla");
    wrong["retention_days"] = serde_json::json!(0);
    let refused = ankieter::manage::import_survey(
        app.store(),
        &app.state.key,
        app.account_id,
        &wrong.to_string(),
    )
    .await;
    let Err(ManageError::InvalidSurvey(problems)) = refused else {
        panic!("refused as invalid")
    };
    assert_eq!(problems[0].field, "retention_days");
}

#[tokio::test]
async fn one_accounts_failing_pass_does_not_stop_the_others() {
    let app = spawn_sqlite_app_with(|_| {}).await;
    app.answer("/api/contact/upsert", sm_success("c-1"), ..)
        .await;
    let slug = app.import(nps_survey()).await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna-nps")
        .await;
    app.submit_by_email(&slug, "ala@example.pl").await;
    app.submit_by_email("inna-nps", "ola@example.pl").await;
    app.deliver_all_pending().await;
    let week = Retention {
        responses_days: None,
        delivery_body_days: Some(7),
    };
    for account in [app.account_id, other] {
        set_retention(app.store(), account, week, &Actor::cli(), now_ms())
            .await
            .unwrap();
    }
    // The first account's delivered plan cannot be read any more, so its
    // pass fails (and keeps failing, loudly, until someone looks).
    let db = rusqlite::Connection::open(app.database_path()).unwrap();
    db.execute(
        "UPDATE deliveries SET plan = 'not json' WHERE account_id = ?1",
        [app.account_id.to_string()],
    )
    .unwrap();
    drop(db);

    let passes = apply_retention(app.store(), now_ms() + 8 * DAY_MS)
        .await
        .unwrap();
    assert_eq!(passes.len(), 1, "the failing account is logged, not a pass");
    assert_eq!(passes[0].account_id, other);
    assert_eq!(passes[0].values_removed, 1);
}
