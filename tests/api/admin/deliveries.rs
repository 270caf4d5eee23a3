use super::*;

#[tokio::test]
async fn a_failed_delivery_shows_every_attempt_and_what_was_sent_and_can_be_retried() {
    let app = spawn_app().await;
    upsert_fails_then_succeeds(&app, "Invalid email address", 1).await;
    app.import(nps_survey()).await;
    let long = "ą".repeat(300);
    app.submit(
        "nps",
        &[
            ("email", "jan@example.com"),
            ("ocena", "8"),
            ("uwagi", long.as_str()),
        ],
    )
    .await;
    app.deliver_all_pending().await;
    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status.as_str(), "failed");

    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, list) = admin.page("/admin/deliveries?status=failed").await;
    let rows = texts(&list, "tbody tr");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("Invalid email address"));
    let (_, delivered) = admin.page("/admin/deliveries?status=delivered").await;
    assert!(texts(&delivered, "tbody tr").is_empty());

    let path = format!("/admin/deliveries/{}", delivery.id);
    let (status, page) = admin.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    let attempts = texts(&page, "#attempts tbody tr");
    assert_eq!(attempts.len(), 1);
    assert!(attempts[0].contains("failed") && attempts[0].contains("Invalid email address"));
    let sent = texts(&page, "#sent tbody th");
    assert!(
        sent.contains(&"ankieta.Jak-oceniasz-nasza-obsluge?".to_owned()),
        "{sent:?}"
    );
    assert!(
        sent.contains(&"ankieta.Uwagi cut to 255 characters".to_owned()),
        "{sent:?}"
    );

    let (location, page) = admin.post_and_follow(&format!("{path}/retry"), &[]).await;
    assert_eq!(location, path);
    assert_eq!(flash_of(&page), "The delivery will be sent again now.");
    app.deliver_all_pending().await;
    let (_, page) = admin.page(&path).await;
    let attempts = texts(&page, "#attempts tbody tr");
    assert_eq!(attempts.len(), 2);
    assert!(attempts[1].contains("delivered"));
    assert!(texts(&page, ".facts dd").contains(&"kontakt-1".to_owned()));
    assert!(
        texts(&page, "form[action$='/retry'] button").is_empty(),
        "nothing to retry now"
    );
}

#[tokio::test]
async fn retry_all_failed_and_the_dashboard_counts() {
    let app = spawn_app().await;
    upsert_fails_then_succeeds(&app, "Invalid email address", 2).await;
    app.import(nps_survey()).await;
    for n in 0..3 {
        app.submit_by_email("nps", &format!("osoba{n}@example.com"))
            .await;
    }
    app.deliver_all_pending().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, dashboard) = admin.page("/admin").await;
    let cells = texts(&dashboard, "tbody tr td");
    assert_eq!(
        cells,
        ["3", "1", "0", "0", "2"],
        "responses, delivered, retrying, paused, failed"
    );

    let (_, page) = admin
        .post_and_follow("/admin/deliveries/retry-failed", &[])
        .await;
    assert_eq!(
        flash_of(&page),
        "2 failed deliveries will be sent again now."
    );
    app.deliver_all_pending().await;
    let (_, dashboard) = admin.page("/admin").await;
    assert_eq!(texts(&dashboard, "tbody tr td"), ["3", "3", "0", "0", "0"]);
}

#[tokio::test]
async fn a_paused_account_is_resumed_from_the_banner() {
    let app = spawn_app().await;
    upsert_fails_then_succeeds(&app, "Not authenticated, invalid owner", 1).await;
    app.import(nps_survey()).await;
    app.submit_by_email("nps", "jan@example.com").await;
    app.deliver_all_pending().await;
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin.page("/admin/deliveries").await;
    let banner = &texts(&page, ".banner.danger")[0];
    assert!(banner.contains("paused"));
    // SALESmanago's reason, said once (it used to be quoted inside a
    // sentence that said the same).
    assert_eq!(banner.matches("refused").count(), 1, "{banner}");
    assert_eq!(
        banner.matches("Not authenticated, invalid owner").count(),
        1
    );
    assert_eq!(texts(&page, "tbody tr td:nth-child(3)"), ["paused"]);
    let (_, page) = admin
        .post_and_follow("/admin/salesmanago/resume", &[])
        .await;
    assert_eq!(
        flash_of(&page),
        "1 paused delivery resumed: it will be sent now."
    );
    assert!(texts(&page, ".banner.danger").is_empty());
    app.deliver_all_pending().await;
    assert_eq!(app.only_delivery().await.status.as_str(), "delivered");
}
