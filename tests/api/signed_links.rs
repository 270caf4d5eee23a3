//! smclientid is untrusted input: with signed links, only ankieter's links count.

use crate::helpers::*;
use ankieter::db::DeliveryStatus;
use ankieter::domain::sign_contact_id;
use serde_json::json;

async fn signed_survey(app: &TestApp, access: &str) -> (String, String) {
    let mut survey = nps_survey();
    survey["salesmanago"]["require_signed_links"] = json!(true);
    survey["access"] = json!({"mode": access});
    let slug = app.import(survey).await;
    let stored = app.store().survey_by_slug(&slug).await.unwrap().unwrap();
    let key = ankieter::manage::link_key(&app.state.key, &stored).unwrap();
    (slug, sign_contact_id(&key, CONTACT_ID))
}

#[tokio::test]
async fn a_signed_link_updates_the_contact() {
    let app = spawn_app().await;
    app.answer("/api/contact/update", sm_success(CONTACT_ID), 1)
        .await;
    let (slug, sig) = signed_survey(&app, "open").await;

    let page = html(
        &app.get(&format!("/s/{slug}?smclientid={CONTACT_ID}&sig={sig}"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(
        select(&page, "input[name=sig]")[0].value().attr("value"),
        Some(sig.as_str())
    );
    app.submit(
        &slug,
        &[("smclientid", CONTACT_ID), ("sig", &sig), ("ocena", "4")],
    )
    .await;
    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.request_kind.as_deref(), Some("update"));
    assert!(delivery.response_plan().unwrap().notes.is_empty());
}

#[tokio::test]
async fn an_unsigned_or_forged_link_is_ignored_and_noted() {
    let app = spawn_app().await;
    app.answer("/api/contact/upsert", sm_success("c"), 2).await;
    app.answer("/api/contact/update", sm_success("x"), 0).await;
    let (slug, sig) = signed_survey(&app, "open").await;
    // The last character changed: "0" unless it already was one (1 run in 16).
    let last = if sig.ends_with('0') { "1" } else { "0" };
    let forged = format!("{}{last}", &sig[..sig.len() - 1]);
    assert_ne!(forged, sig);

    for sig in ["", forged.as_str()] {
        let response = app
            .submit(
                &slug,
                &[
                    ("smclientid", CONTACT_ID),
                    ("sig", sig),
                    ("email", "a@example.pl"),
                    ("ocena", "4"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
    }
    app.deliver_all_pending().await;

    for delivery in app.deliveries().await {
        assert_eq!(delivery.request_kind.as_deref(), Some("upsert"));
        assert!(
            delivery.response_plan().unwrap().notes[0].contains("no valid signature"),
            "{:?}",
            delivery.response_plan().unwrap().notes
        );
    }
}

#[tokio::test]
async fn an_unsigned_link_does_not_get_around_once_per_browser() {
    let app = spawn_app().await;
    let (slug, sig) = signed_survey(&app, "once_per_browser").await;

    assert_eq!(app.submit(&slug, &[("ocena", "4")]).await.status(), 303);
    let unsigned = app
        .submit(&slug, &[("smclientid", CONTACT_ID), ("ocena", "4")])
        .await;
    assert_eq!(unsigned.status(), 409);
    let signed = app
        .submit(
            &slug,
            &[("smclientid", CONTACT_ID), ("sig", &sig), ("ocena", "4")],
        )
        .await;
    assert_eq!(signed.status(), 303);
}

#[tokio::test]
async fn each_survey_has_its_own_link_key() {
    let app = spawn_app().await;
    let (_, first) = signed_survey(&app, "open").await;
    let mut other = nps_survey();
    other["slug"] = json!("inna");
    app.import(other).await;
    let stored = app.store().survey_by_slug("inna").await.unwrap().unwrap();
    let key = ankieter::manage::link_key(&app.state.key, &stored).unwrap();

    assert_ne!(sign_contact_id(&key, CONTACT_ID), first);
}
