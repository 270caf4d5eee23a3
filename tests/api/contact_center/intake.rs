//! The generic endpoint: replays, filters, isolation and bad input.

use super::*;
use ankieter::domain::Forward;
use reqwest::StatusCode;

#[tokio::test]
async fn the_same_interaction_again_answers_its_delivery_and_sends_one_event() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    salesmanago_knows_everyone(&app).await;
    let body = interaction("ticket-1234-msg-433", "ticket_message_received");

    let first = api.post("/api/v1/interactions", &body).await;
    let again = api.post("/api/v1/interactions", &body).await;

    assert_eq!(first.status, StatusCode::ACCEPTED);
    assert_eq!(first.body["replayed"], false);
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["replayed"], true);
    assert_eq!(again.body["delivery_id"], first.body["delivery_id"]);
    app.deliver_all_pending().await;
    // Delivered, then reported again: still one event.
    let late = api.post("/api/v1/interactions", &body).await;
    assert_eq!(late.body["delivery_id"], first.body["delivery_id"]);
    app.deliver_all_pending().await;
    assert_eq!(app.received(EXT_EVENT).await.len(), 1);
    assert_eq!(app.deliveries().await.len(), 1);
}

#[tokio::test]
async fn concurrent_repeats_store_one_delivery() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    let body = interaction("same", "ticket_closed");
    let answers =
        futures_util::future::join_all((0..16).map(|_| api.post("/api/v1/interactions", &body)))
            .await;
    let ids: std::collections::HashSet<String> = answers
        .iter()
        .map(|a| a.body["delivery_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(
        answers
            .iter()
            .filter(|a| a.status == StatusCode::ACCEPTED)
            .count(),
        1
    );
    assert_eq!(app.deliveries().await.len(), 1);
}

#[tokio::test]
async fn channels_and_queues_not_forwarded_are_dropped_and_nothing_is_stored() {
    let rules = ContactCenterRules {
        tickets: Forward::Queues(vec!["33".into()]),
        chats: Forward::Off,
        ..ContactCenterRules::default()
    };
    let (app, _, _, api) = app_with_integration(rules).await;

    let other_queue = api
        .post("/api/v1/interactions", &interaction("t-1", "ticket_closed"))
        .await;
    let chat = api
        .post(
            "/api/v1/interactions",
            &interaction("c-1", "chat_conversation_closed"),
        )
        .await;
    let mut in_queue = interaction("t-2", "ticket_closed");
    in_queue["queue"]["id"] = json!("33");
    let forwarded = api.post("/api/v1/interactions", &in_queue).await;
    let call = api
        .post(
            "/api/v1/interactions",
            &interaction("k-1", "incoming_call_completed"),
        )
        .await;

    for filtered in [&other_queue, &chat] {
        assert_eq!(filtered.status, StatusCode::ACCEPTED);
        assert_eq!(filtered.body["status"], "filtered");
        assert!(filtered.body.get("delivery_id").is_none());
    }
    assert_eq!(forwarded.body["status"], "queued");
    assert_eq!(call.body["status"], "queued", "calls: every queue");
    assert_eq!(app.deliveries().await.len(), 2);
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("ankieter_interactions_total{outcome=\"filtered\"} 2"),
        "{metrics}"
    );
}

#[tokio::test]
async fn another_accounts_integration_and_deliveries_answer_404() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    let other = app
        .add_account("Inna", &app.salesmanago.uri(), "inna")
        .await;
    let other_api = api_for(&app, other).await;
    let stored = api
        .post("/api/v1/interactions", &interaction("t-1", "ticket_closed"))
        .await;

    let answer = other_api
        .post("/api/v1/interactions", &interaction("t-2", "ticket_closed"))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.field(), "integration");
    let id = stored.body["delivery_id"].as_str().unwrap();
    let peek = other_api.get(&format!("/api/v1/deliveries/{id}")).await;
    assert_eq!(peek.status, StatusCode::NOT_FOUND);
    let own = api.get(&format!("/api/v1/deliveries/{id}")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body["kind"], "event");
    assert_eq!(own.body["event"]["description"], "THULIUM_TICKET_CLOSED");
    assert_eq!(app.deliveries().await.len(), 1);
    let events = api.get("/api/v1/deliveries?kind=event").await;
    assert_eq!(events.body["data"].as_array().unwrap().len(), 1);
    let responses = api.get("/api/v1/deliveries?kind=response").await;
    assert!(responses.body["data"].as_array().unwrap().is_empty());
    assert_eq!(
        api.get("/api/v1/deliveries?kind=call").await.field(),
        "kind"
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_the_field_named_and_nothing_stored() {
    let (app, _, _, api) = app_with_integration(ContactCenterRules::default()).await;
    let change = |key: &str, value: Value| {
        let mut body = interaction("x-1", "ticket_rating_received");
        if value.is_null() {
            body.as_object_mut().unwrap().remove(key);
        } else {
            body[key] = value;
        }
        body
    };
    let cases = [
        (change("email", Value::Null), "email"),
        (change("email", json!("not-an-email")), "email"),
        (change("email", json!(42)), "email"),
        (change("type", json!("ticket_opened")), "type"),
        (
            change("occurred_at", json!("2026-11-21 10:15")),
            "occurred_at",
        ),
        (change("rating", Value::Null), "rating"),
        (change("rating", json!("5")), "rating"),
        (change("rating", json!(1.5)), "rating"),
        (change("queue", json!("32")), "queue"),
        (change("queue", json!({"name": "Bez id"})), "queue.id"),
        (
            change("queue", json!({"id": "1", "colour": "red"})),
            "queue.colour",
        ),
        (change("id", json!("")), "id"),
        (change("id", json!("a".repeat(201))), "id"),
        (change("surprise", json!(true)), "surprise"),
        (change("integration", Value::Null), "integration"),
    ];
    for (body, field) in cases {
        let answer = api.post("/api/v1/interactions", &body).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            answer.body
        );
        assert_eq!(answer.field(), field, "{}", answer.body);
    }
    let mut chat = interaction("c-1", "chat_conversation_closed");
    chat["handled_by"] = json!("robot");
    assert_eq!(
        api.post("/api/v1/interactions", &chat).await.field(),
        "handled_by"
    );
    let mut call = interaction("k-1", "incoming_call_abandoned");
    call["wait_seconds"] = json!(-1);
    assert_eq!(
        api.post("/api/v1/interactions", &call).await.field(),
        "wait_seconds"
    );
    let huge = json!({"integration": "thulium-main", "id": "h", "padding": "x".repeat(20_000)});
    let answer = api.post("/api/v1/interactions", &huge).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    let garbage = api
        .send(
            api.request(reqwest::Method::POST, "/api/v1/interactions", None)
                .header("content-type", "application/json")
                .body("{\"integration\": "),
        )
        .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    assert!(app.deliveries().await.is_empty(), "nothing stored half-way");
    // Fields a type does not use are not checked.
    let mut closed = interaction("t-1", "ticket_closed");
    closed["rating"] = json!("not a number");
    assert_eq!(
        api.post("/api/v1/interactions", &closed).await.status,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn the_endpoint_needs_a_token() {
    let (app, _, _, _) = app_with_integration(ContactCenterRules::default()).await;
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v1/interactions", app.address))
        .json(&interaction("t-1", "ticket_closed"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert!(app.deliveries().await.is_empty());
}
