//! Retention: the daily pass deletes an account's old responses in small
//! transactions, while respondents keep submitting, and never another
//! account's.

use super::stored;
use crate::helpers::*;
use ankieter::clock::now_ms;
use ankieter::db::{NewDelivery, NewResponse};
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
        Some(30),
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
    for days in [0, 36_501] {
        let refused =
            set_retention(app.store(), app.account_id, Some(days), &Actor::cli(), 1).await;
        assert!(matches!(
            refused,
            Err(ManageError::Field {
                field: "retention_days",
                ..
            })
        ));
    }
    set_retention(app.store(), app.account_id, Some(365), &Actor::cli(), 1)
        .await
        .unwrap();
    assert_eq!(
        app.store().retention_days(app.account_id).await.unwrap(),
        Some(365)
    );
    set_retention(app.store(), app.account_id, None, &Actor::cli(), 2)
        .await
        .unwrap();
    assert_eq!(
        app.store().retention_days(app.account_id).await.unwrap(),
        None
    );
    assert!(apply_retention(app.store(), now_ms())
        .await
        .unwrap()
        .is_empty());
}
