//! Thulium's REST API, polled for tickets; a wiremock Thulium stands in.

use super::*;
use ankieter::domain::Forward;
use ankieter::manage::set_thulium;
use secrecy::SecretString;
use std::time::Duration;
use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer};

/// When polling began in these tests: 21 Nov 2026 10:00 Warsaw.
const STARTED: i64 = 1_795_252_500_000 - 15 * 60 * 1000;

/// The integration polls `thulium` with the API user `api`/`tajne`.
async fn polling(rules: ContactCenterRules) -> (TestApp, ContactCenter, MockServer) {
    let (app, mut integration, _, _) = app_with_integration(rules).await;
    let thulium = MockServer::start().await;
    let password = SecretString::from("tajne");
    set_thulium(
        app.store(),
        &app.state.key,
        &mut integration,
        Some((&thulium.uri(), "api", Some(&password))),
    )
    .await
    .unwrap();
    // Polling began at STARTED (as if the API user was set then).
    let state = serde_json::json!({"started_at": STARTED, "since": STARTED}).to_string();
    app.store()
        .insert_polled(integration.id, &[], &state)
        .await
        .unwrap();
    let integration = app
        .store()
        .contact_center(None, integration.id)
        .await
        .unwrap()
        .unwrap();
    (app, integration, thulium)
}

async fn tickets(thulium: &MockServer, list: Value) {
    Mock::given(method("GET"))
        .and(path("/api/tickets"))
        .and(basic_auth("api", "tajne"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list))
        .mount(thulium)
        .await;
}

async fn ticket(thulium: &MockServer, id: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(format!("/api/tickets/{id}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(thulium)
        .await;
}

fn ticket_7() -> Value {
    json!({"id": 7, "ticket_queue_id": 32, "ticket_queue_name": "Reklamacje",
    "customer": {"email": "jan@example.com"}, "closed_at": "2026-11-21 10:20:00",
    "messages": [
        {"id": 1, "type": "MAIL", "created_at": "2026-11-21 09:00:00"},
        {"id": 2, "type": "MAIL", "created_at": "2026-11-21 10:15:00"},
        {"id": 3, "type": "AGENT_MAIL", "created_at": "2026-11-21 10:16:00"},
        {"id": 4, "type": "NOTE", "created_at": "2026-11-21 10:17:00"}
    ]})
}

#[tokio::test]
async fn customer_mails_and_the_first_closing_become_events_once_across_restarts() {
    let (app, integration, thulium) = polling(ContactCenterRules {
        tickets: Forward::Queues(vec!["32".into()]),
        ..ContactCenterRules::default()
    })
    .await;
    salesmanago_knows_everyone(&app).await;
    tickets(
        &thulium,
        json!([{"id": 7, "ticket_queue_id": 32}, {"id": 8, "ticket_queue_id": 99}]),
    )
    .await;
    ticket(&thulium, "7", ticket_7()).await;
    let now = STARTED + 30 * 60 * 1000;

    let report = app.poller.poll(&integration, now).await.unwrap();

    assert_eq!((report.tickets, report.queued, report.filtered), (2, 2, 1));
    app.deliver_all_pending().await;
    let events = app.received(EXT_EVENT).await;
    let sent: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["contactEvent"]["description"].as_str().unwrap(),
                e["contactEvent"]["externalId"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(sent.contains(&(
        "THULIUM_TICKET_MESSAGE_RECEIVED",
        "thulium-main:ticket-7-msg-2"
    )));
    assert!(sent.contains(&("THULIUM_TICKET_CLOSED", "thulium-main:ticket-7-closed")));
    assert_eq!(
        sent.len(),
        2,
        "the mail before polling began and the agent's are not sent"
    );
    let message = events
        .iter()
        .find(|e| e["contactEvent"]["externalId"] == "thulium-main:ticket-7-msg-2")
        .unwrap();
    assert_eq!(message["contactEvent"]["date"], OCCURRED_AT_MS);
    assert_eq!(message["contactEvent"]["detail2"], "Reklamacje");
    assert_eq!(message["email"], "jan@example.com");
    // Ticket 8's queue is not forwarded: never read in full.
    let asked = asked_paths(&thulium).await;
    assert!(!asked.contains(&"/api/tickets/8".to_owned()));
    let listing = thulium.received_requests().await.unwrap()[0].url.clone();
    let date_from = listing
        .query_pairs()
        .find(|(k, _)| k == "date_from")
        .unwrap()
        .1
        .into_owned();
    assert_eq!(
        date_from, "2026-11-21 09:55:00",
        "the mark less 5 minutes, Warsaw time"
    );

    // A restart: the same tickets again are replays, and nothing is sent twice.
    let app = app.restart().await;
    let integration = app
        .store()
        .contact_center(None, integration.id)
        .await
        .unwrap()
        .unwrap();
    let again = app.poller.poll(&integration, now + 60_000).await.unwrap();
    assert_eq!((again.queued, again.replayed), (0, 2));
    app.deliver_all_pending().await;
    assert_eq!(app.received(EXT_EVENT).await.len(), 2);
    assert_eq!(app.deliveries().await.len(), 2);
}

#[tokio::test]
async fn a_refusing_or_garbled_thulium_keeps_the_mark_and_stores_nothing() {
    let (app, integration, thulium) = polling(ContactCenterRules::default()).await;
    Mock::given(method("GET"))
        .and(path("/api/tickets"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .mount(&thulium)
        .await;
    let refused = app.poller.poll(&integration, STARTED + 60_000).await;
    assert!(refused.unwrap_err().contains("refused the API user"));
    Mock::given(method("GET"))
        .and(path("/api/tickets"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&thulium)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/tickets"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/elsewhere"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&thulium)
        .await;
    let redirected = app.poller.poll(&integration, STARTED + 90_000).await;
    assert!(redirected.unwrap_err().contains("HTTP 302"), "not followed");
    let garbled = app.poller.poll(&integration, STARTED + 120_000).await;
    assert!(garbled.unwrap_err().contains("cannot read"));
    let stored = app
        .store()
        .contact_center(None, integration.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.poll_state, integration.poll_state, "the mark stays");
    let asked = asked_paths(&thulium).await;
    assert!(!asked.contains(&"/elsewhere".to_owned()));
    assert!(app.deliveries().await.is_empty());
}

/// Another account with an integration `name` polling a Thulium whose
/// ticket list answers `answer`.
async fn another_polling(
    app: &TestApp,
    name: &str,
    answer: ResponseTemplate,
) -> (ContactCenter, MockServer) {
    let account = app.add_account(name, &app.salesmanago.uri(), name).await;
    let (mut integration, _) =
        create_contact_center(app.store(), account, name, ContactCenterRules::default())
            .await
            .unwrap();
    let thulium = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/tickets"))
        .respond_with(answer)
        .mount(&thulium)
        .await;
    set_thulium(
        app.store(),
        &app.state.key,
        &mut integration,
        Some((&thulium.uri(), "api", Some(&SecretString::from("x")))),
    )
    .await
    .unwrap();
    (integration, thulium)
}

#[tokio::test]
async fn a_slow_thulium_holds_up_only_its_own_integration() {
    // Three accounts' Thuliums hang past the 1 s timeout; a fourth's answers
    // at once. Polled one after another, the hanging ones alone would take
    // 3 s; polled side by side, about one timeout.
    let (app, slow, slow_thulium) = polling(ContactCenterRules::default()).await;
    let hang = || ResponseTemplate::new(200).set_delay(Duration::from_secs(30));
    Mock::given(method("GET"))
        .and(path("/api/tickets"))
        .respond_with(hang())
        .mount(&slow_thulium)
        .await;
    let (slow_2, _hanging_2) = another_polling(&app, "wolny-2", hang()).await;
    let (slow_3, _hanging_3) = another_polling(&app, "wolny-3", hang()).await;
    let (fast, _fast_thulium) = another_polling(
        &app,
        "szybki",
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;

    let started = std::time::Instant::now();
    let results = app.poller.poll_all(STARTED + 60_000).await;
    let took = started.elapsed();

    let result = |id| {
        results
            .iter()
            .find(|(i, _)| i.id == id)
            .map(|(_, r)| r.clone())
            .unwrap()
    };
    assert!(result(fast.id).is_ok());
    for hanging in [slow.id, slow_2.id, slow_3.id] {
        assert!(result(hanging).unwrap_err().contains("timed out"));
    }
    assert!(
        took < Duration::from_millis(2_500),
        "the hanging Thuliums were waited for one after another: {took:?}"
    );
}

#[tokio::test]
async fn a_closed_chat_names_its_queue_when_the_api_user_is_set() {
    let (app, integration, thulium) = polling(ContactCenterRules::default()).await;
    Mock::given(method("GET"))
        .and(path("/api/chats/queues"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": 5, "name": "Czat sklep"}, {"id": 6, "name": "Inny"}
        ])))
        .expect(1)
        .mount(&thulium)
        .await;
    for conversation in [1, 2] {
        app.state
            .interactions
            .thulium_chat(
                &integration,
                serde_json::from_value(json!({"action": "CHAT_CONVERSATION_CREATED",
                    "conversation_id": conversation, "client_email": "jan@example.com", "chat_queue_id": 5}))
                .unwrap(),
                STARTED,
            )
            .await
            .unwrap();
        app.state
            .interactions
            .thulium_chat(
                &integration,
                serde_json::from_value(json!({"action": "CHAT_CONVERSATION_CLOSED",
                    "conversation_id": conversation, "chat_queue_id": 5}))
                .unwrap(),
                STARTED,
            )
            .await
            .unwrap();
    }
    let deliveries = app.deliveries().await;
    assert_eq!(deliveries.len(), 2);
    for delivery in deliveries {
        let event = delivery.work.event().unwrap().clone();
        assert!(event.details.contains(&(2, "Czat sklep".to_owned())));
    }
}
