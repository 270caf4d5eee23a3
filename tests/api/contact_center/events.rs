//! What SALESmanago receives for each interaction, exactly.

use super::*;
use ankieter::db::DeliveryStatus;
use reqwest::StatusCode;

#[tokio::test]
async fn each_of_the_six_events_has_its_exact_body() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    salesmanago_knows_everyone(&app).await;
    let kinds = [
        "ticket_message_received",
        "ticket_rating_received",
        "ticket_closed",
        "chat_conversation_closed",
        "incoming_call_abandoned",
        "incoming_call_completed",
    ];
    for (n, kind) in kinds.iter().enumerate() {
        let answer = api
            .post(
                "/api/v1/interactions",
                &interaction(&format!("i-{n}"), kind),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::ACCEPTED,
            "{kind}: {}",
            answer.body
        );
        assert_eq!(answer.body["status"], "queued");
    }

    assert_eq!(app.deliver_all_pending().await, 6);

    let received = app.received(EXT_EVENT).await;
    assert_eq!(received.len(), 6);
    let event = |kind: &str| {
        let description = format!("THULIUM_{}", kind.to_uppercase());
        received
            .iter()
            .find(|body| body["contactEvent"]["description"] == description.as_str())
            .unwrap_or_else(|| panic!("no {description}"))
            .clone()
    };
    let common = |kind: &str, n: usize, event_type: &str| {
        json!({
            "date": OCCURRED_AT_MS,
            "contactExtEventType": event_type,
            "description": format!("THULIUM_{}", kind.to_uppercase()),
            "externalId": format!("thulium-main:i-{n}"),
            "location": "thulium_main",
            "detail1": "32",
            "detail2": "Reklamacje"
        })
    };
    let with = |mut base: Value, key: &str, value: &str| {
        base[key] = json!(value);
        base
    };
    let expected = [
        common(kinds[0], 0, "OTHER"),
        with(common(kinds[1], 1, "OTHER"), "detail3", "5"),
        common(kinds[2], 2, "OTHER"),
        with(common(kinds[3], 3, "OTHER"), "detail4", "agent"),
        with(common(kinds[4], 4, "PHONE_CALL"), "detail5", "42"),
        with(common(kinds[5], 5, "PHONE_CALL"), "detail6", "312"),
    ];
    for (kind, expected) in kinds.iter().zip(expected) {
        let body = event(kind);
        assert_eq!(body["contactEvent"], expected, "{kind}");
        assert_eq!(body["email"], "jan@example.com");
        assert_eq!(body["owner"], OWNER);
        assert_eq!(body["clientId"], CLIENT_ID);
        assert!(body.get("contactId").is_none());
    }
    // Each event checked its contact first, by e-mail in a list.
    let checks = app.received(BASIC).await;
    assert_eq!(checks.len(), 6);
    assert_eq!(checks[0]["email"], json!(["jan@example.com"]));
    assert!(app.all_deliveries_are(DeliveryStatus::Delivered).await);
}

#[tokio::test]
async fn a_contact_salesmanago_does_not_have_is_ignored_when_adding_is_off() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    app.answer(BASIC, no_contacts(), 1).await;
    app.answer(EXT_EVENT, event_added(), 0).await;
    app.answer("/api/contact/upsert", sm_success("new"), 0)
        .await;
    api.post("/api/v1/interactions", &interaction("t-1", "ticket_closed"))
        .await;

    app.deliver_all_pending().await;

    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Ignored);
    assert!(delivery
        .last_error
        .as_deref()
        .unwrap()
        .contains("ignored — no such contact"));
    // Not retried: nothing is due any more.
    assert_eq!(
        app.deliver_at(ankieter::clock::now_ms() + 86_400_000).await,
        0
    );
    let history = app.store().attempts(delivery.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].outcome, "ignored");
}

#[tokio::test]
async fn an_event_refused_for_a_missing_contact_is_ignored_too() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    app.answer(BASIC, contacts_found(), 1).await;
    app.answer(EXT_EVENT, sm_failure("Contact does not exist"), 1)
        .await;
    api.post("/api/v1/interactions", &interaction("t-1", "ticket_closed"))
        .await;

    app.deliver_all_pending().await;

    assert_eq!(app.only_delivery().await.status, DeliveryStatus::Ignored);
}

#[tokio::test]
async fn with_adding_on_the_contact_is_created_by_e_mail_with_the_tag_then_the_event() {
    let rules = ContactCenterRules {
        add_missing_contacts: true,
        new_contact_tag: Some("z infolinii".into()),
        ..ContactCenterRules::default()
    };
    let (app, _, _, api) = app_with_integration(rules).await;
    app.answer(BASIC, no_contacts(), 0).await;
    app.answer("/api/contact/upsert", sm_success("new"), 1)
        .await;
    app.answer(EXT_EVENT, event_added(), 1).await;
    api.post(
        "/api/v1/interactions",
        &interaction("c-1", "incoming_call_abandoned"),
    )
    .await;

    app.deliver_all_pending().await;

    let upsert = &app.received("/api/contact/upsert").await[0];
    assert_eq!(upsert["contact"], json!({"email": "jan@example.com"}));
    assert_eq!(upsert["tags"], json!(["Z_INFOLINII"]));
    assert_eq!(upsert["properties"], json!({}));
    assert!(upsert.get("forceOptIn").is_none(), "no consent flags");
    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(
        delivery.request_kind.as_deref(),
        Some("upsert + addContactExtEvent")
    );
}

#[tokio::test]
async fn temporary_failures_are_retried_and_credentials_refused_pause_the_account() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    app.answer(BASIC, ResponseTemplate::new(503), 1).await;
    api.post("/api/v1/interactions", &interaction("t-1", "ticket_closed"))
        .await;
    app.deliver_all_pending().await;
    let delivery = app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Pending);
    assert!(delivery.last_error.unwrap().contains("503"));

    app.salesmanago.reset().await;
    app.answer(BASIC, sm_failure("Not authenticated, invalid sha"), 1)
        .await;
    app.deliver_at(ankieter::clock::now_ms() + 3_600_000).await;
    assert_eq!(app.only_delivery().await.status, DeliveryStatus::Paused);
    // An interaction arriving while the account is paused waits paused too.
    api.post("/api/v1/interactions", &interaction("t-2", "ticket_closed"))
        .await;
    let deliveries = app.deliveries().await;
    assert_eq!(deliveries.len(), 2);
    assert!(deliveries
        .iter()
        .all(|d| d.status == DeliveryStatus::Paused));
}
