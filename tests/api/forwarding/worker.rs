//! The running worker: deliveries survive a restart and go out at once.

use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use std::time::Duration;

#[tokio::test]
async fn pending_deliveries_survive_a_restart() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    app.submit_by_email(&slug, "a@example.pl").await;
    app.submit(&slug, &[("email", "b@example.pl"), ("ocena", "6")])
        .await;

    let app = app.restart().await;
    app.answer("/api/contact/upsert", sm_success("c-5"), 2)
        .await;
    app.deliver_all_pending().await;

    assert!(app.all_deliveries_are(DeliveryStatus::Delivered).await);
    assert_eq!(app.deliveries().await.len(), 2);
}

#[tokio::test]
async fn the_running_worker_delivers_at_once_without_waiting_for_its_poll() {
    let app = spawn_app_with(|s| {
        s.worker.enabled = true;
        s.worker.poll_interval_ms = 120_000;
    })
    .await;
    app.answer("/api/contact/upsert", sm_success("c-6"), 1)
        .await;
    let slug = app.import(nps_survey()).await;
    // Let the worker reach its sleep: only the in-process wake-up can reach it now.
    tokio::time::sleep(Duration::from_millis(200)).await;

    app.submit_by_email(&slug, "a@example.pl").await;

    let mut delivered = false;
    for _ in 0..100 {
        if app
            .deliveries()
            .await
            .first()
            .is_some_and(|d| d.status == DeliveryStatus::Delivered)
        {
            delivered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(delivered, "the worker was not woken by the new response");
}
