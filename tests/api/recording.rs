//! Recording attempts: each result on its own, so one that cannot be
//! written does not take the others of its group down with it.

use crate::helpers::*;
use ankieter::db::{ClaimLimits, DeliveryOutcome, DeliveryStatus};

#[tokio::test]
async fn a_result_whose_delivery_is_gone_does_not_sink_the_others() {
    for gone_outcome in [
        DeliveryOutcome::PauseAccount {
            reason: "Not authenticated".into(),
        },
        DeliveryOutcome::Failed {
            request_kind: Some("upsert".into()),
            error: "SALESmanago: bad".into(),
            written_contact: None,
        },
    ] {
        let app = spawn_app().await;
        let slug = app.import(nps_survey()).await;
        let other = app
            .add_account("Inna", &app.salesmanago.uri(), "druga")
            .await;
        app.submit_by_email(&slug, "a@example.pl").await;
        app.submit_by_email("druga", "b@example.pl").await;
        let now = ankieter::clock::now_ms();
        let limits = ClaimLimits {
            total: 10,
            per_account: 10,
            ..ClaimLimits::default()
        };
        let claimed = app
            .store()
            .claim_due(now, now + 60_000, &limits)
            .await
            .unwrap()
            .deliveries;
        assert_eq!(claimed.len(), 2);

        // The other account's survey is deleted while its call is in flight.
        let survey = app.store().survey_by_slug("druga").await.unwrap().unwrap();
        assert!(app
            .store()
            .delete_survey(other, survey.id)
            .await
            .unwrap()
            .is_some());
        let results: Vec<_> = claimed
            .into_iter()
            .map(|delivery| {
                let outcome = if delivery.account_id == other {
                    gone_outcome.clone()
                } else {
                    DeliveryOutcome::Delivered {
                        request_kind: "upsert".into(),
                        contact_id: Some("c-1".into()),
                    }
                };
                (delivery, outcome)
            })
            .collect();
        app.store()
            .finish_deliveries(&results, now)
            .await
            .expect("the group is recorded");

        let kept = app.only_delivery().await;
        assert_eq!(kept.status, DeliveryStatus::Delivered, "{gone_outcome:?}");
        let account = app.store().account(other).await.unwrap().unwrap();
        assert_eq!(
            account.paused_reason.is_some(),
            matches!(gone_outcome, DeliveryOutcome::PauseAccount { .. }),
            "a pause stands even when its delivery is gone"
        );
    }
}
