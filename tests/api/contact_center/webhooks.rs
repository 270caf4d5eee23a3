//! Thulium's chat notifications at the integration's webhook URL.

use super::*;
use reqwest::StatusCode;
use secrecy::ExposeSecret;

struct Hook {
    url: String,
    user: String,
    password: String,
}

impl Hook {
    fn of(app: &TestApp, integration: &ContactCenter, credentials: &WebhookCredentials) -> Self {
        Self {
            url: format!("{}/hooks/thulium/{}", app.address, integration.id),
            user: credentials.user.clone(),
            password: credentials.password.expose_secret().to_owned(),
        }
    }

    async fn send(&self, body: Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(&self.url)
            .basic_auth(&self.user, Some(&self.password))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn send_form(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        reqwest::Client::new()
            .post(&self.url)
            .basic_auth(&self.user, Some(&self.password))
            .form(fields)
            .send()
            .await
            .unwrap()
    }
}

fn created(conversation: i64) -> Value {
    json!({"action": "CHAT_CONVERSATION_CREATED", "conversation_id": conversation,
           "client_name": "Jan", "client_email": "jan@example.com",
           "date": "2026-11-21T10:00:00+01:00", "chat_queue_id": 5})
}

fn assigned(conversation: i64) -> Value {
    json!({"action": "CHAT_AGENT_ASSIGNED", "conversation_id": conversation,
           "agent_login": "anna", "date": "2026-11-21T10:01:00+01:00", "chat_queue_id": 5})
}

fn closed(conversation: i64) -> Value {
    json!({"action": "CHAT_CONVERSATION_CLOSED", "conversation_id": conversation,
           "date": "2026-11-21T10:15:00+01:00", "chat_queue_id": 5})
}

#[tokio::test]
async fn a_chat_with_an_agent_ends_as_agent_and_one_without_as_chatbot() {
    let (app, integration, credentials, _) =
        app_with_integration(ContactCenterRules::default()).await;
    salesmanago_knows_everyone(&app).await;
    let hook = Hook::of(&app, &integration, &credentials);

    for body in [created(1), assigned(1), created(2)] {
        assert_eq!(hook.send(body).await.status(), StatusCode::OK);
    }
    assert_eq!(hook.send(closed(1)).await.status(), StatusCode::ACCEPTED);
    assert_eq!(hook.send(closed(2)).await.status(), StatusCode::ACCEPTED);
    // Thulium repeating the close is a replay.
    assert_eq!(hook.send(closed(2)).await.status(), StatusCode::OK);
    app.deliver_all_pending().await;

    let events = app.received(EXT_EVENT).await;
    assert_eq!(events.len(), 2);
    let by_id = |id: &str| {
        events
            .iter()
            .find(|e| e["contactEvent"]["externalId"] == id)
            .unwrap()["contactEvent"]
            .clone()
    };
    let agent = by_id("thulium-main:chat-1-closed");
    assert_eq!(agent["description"], "THULIUM_CHAT_CONVERSATION_CLOSED");
    assert_eq!(agent["detail1"], "5");
    assert_eq!(agent["detail4"], "agent");
    assert_eq!(agent["date"], OCCURRED_AT_MS);
    assert!(
        agent.get("detail2").is_none(),
        "no queue name without the API user"
    );
    assert_eq!(by_id("thulium-main:chat-2-closed")["detail4"], "chatbot");
    assert_eq!(events[0]["email"], "jan@example.com");
}

#[tokio::test]
async fn a_close_for_an_unknown_conversation_is_counted_not_sent() {
    let (app, integration, credentials, _) =
        app_with_integration(ContactCenterRules::default()).await;
    let hook = Hook::of(&app, &integration, &credentials);

    let answer = hook.send(closed(99)).await;
    let unknown = hook
        .send(json!({"action": "TICKET_SOMETHING_NEW", "ticket_id": 1}))
        .await;

    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        unknown.status(),
        StatusCode::OK,
        "Thulium must not retry it"
    );
    assert!(app.deliveries().await.is_empty());
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics
        .contains("ankieter_thulium_webhooks_total{action=\"closed_unknown_conversation\"} 1"));
    assert!(metrics.contains("ankieter_thulium_webhooks_total{action=\"unknown\"} 1"));
}

#[tokio::test]
async fn form_encoded_notifications_are_read_too() {
    let (app, integration, credentials, _) =
        app_with_integration(ContactCenterRules::default()).await;
    let hook = Hook::of(&app, &integration, &credentials);
    hook.send_form(&[
        ("action", "CHAT_CONVERSATION_CREATED"),
        ("conversation_id", "7"),
        ("client_email", "jan@example.com"),
        ("chat_queue_id", "5"),
    ])
    .await;
    let answer = hook
        .send_form(&[
            ("action", "CHAT_CONVERSATION_CLOSED"),
            ("conversation_id", "7"),
            ("chat_queue_id", "5"),
        ])
        .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    let delivery = app.only_delivery().await;
    let event = delivery.work.event().unwrap();
    assert_eq!(event.details, vec![(1, "5".into()), (4, "chatbot".into())]);
}

#[tokio::test]
async fn without_the_right_credentials_nothing_is_taken() {
    let (app, integration, credentials, _) =
        app_with_integration(ContactCenterRules::default()).await;
    let hook = Hook::of(&app, &integration, &credentials);
    let (other_integration, other_credentials) = create_contact_center(
        app.store(),
        app.add_account("Inna", &app.salesmanago.uri(), "inna")
            .await,
        "thulium-main",
        ContactCenterRules::default(),
    )
    .await
    .unwrap();
    let attempts = [
        (hook.user.clone(), "wrong".to_owned()),
        ("wrong".to_owned(), hook.password.clone()),
        (
            other_credentials.user.clone(),
            other_credentials.password.expose_secret().to_owned(),
        ),
    ];
    for (user, password) in attempts {
        let answer = reqwest::Client::new()
            .post(&hook.url)
            .basic_auth(user, Some(password))
            .json(&created(1))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
        assert!(answer.headers().contains_key("www-authenticate"));
    }
    let anonymous = reqwest::Client::new()
        .post(&hook.url)
        .json(&created(1))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // Nothing was remembered from the refused notifications.
    hook.send(closed(1)).await;
    assert!(app.deliveries().await.is_empty());
    let no_such = reqwest::Client::new()
        .post(format!(
            "{}/hooks/thulium/{}",
            app.address,
            uuid::Uuid::new_v4()
        ))
        .basic_auth(&hook.user, Some(&hook.password))
        .json(&created(1))
        .send()
        .await
        .unwrap();
    assert_eq!(no_such.status(), StatusCode::NOT_FOUND);
    let _ = other_integration;
}

#[tokio::test]
async fn huge_or_garbage_bodies_are_refused() {
    let (app, integration, credentials, _) =
        app_with_integration(ContactCenterRules::default()).await;
    let hook = Hook::of(&app, &integration, &credentials);
    let huge = hook
        .send(json!({"action": "CHAT_CONVERSATION_CREATED", "client_name": "x".repeat(20_000)}))
        .await;
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let garbage = reqwest::Client::new()
        .post(&hook.url)
        .basic_auth(&hook.user, Some(&hook.password))
        .header("content-type", "application/json")
        .body("[1, 2")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    assert!(app.deliveries().await.is_empty());
}

#[tokio::test]
async fn a_chat_is_remembered_across_a_restart() {
    let (app, integration, credentials, _) =
        app_with_integration(ContactCenterRules::default()).await;
    let hook = Hook::of(&app, &integration, &credentials);
    for body in [created(1), assigned(1)] {
        assert_eq!(hook.send(body).await.status(), StatusCode::OK);
    }

    let app = app.restart().await;
    salesmanago_knows_everyone(&app).await;
    let hook = Hook::of(&app, &integration, &credentials);
    assert_eq!(hook.send(closed(1)).await.status(), StatusCode::ACCEPTED);
    app.deliver_all_pending().await;

    let events = app.received(EXT_EVENT).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["contactEvent"]["detail4"], "agent");
    assert_eq!(events[0]["email"], "jan@example.com");
}

/// Behind a load balancer a chat's notifications reach any instance, and
/// Thulium may repeat its close at two of them at once: one event.
#[tokio::test]
async fn a_chat_started_at_one_instance_and_closed_at_two_others_is_one_event() {
    let Some(first) = spawn_postgres_app("chat across instances").await else {
        return;
    };
    let (integration, credentials) = create_contact_center(
        first.store(),
        first.account_id,
        "thulium-main",
        ContactCenterRules::default(),
    )
    .await
    .unwrap();
    salesmanago_knows_everyone(&first).await;
    let (second, third) = (
        first.another_server(|_| {}).await,
        first.another_server(|_| {}).await,
    );
    for (body, at) in [(created(1), &first), (assigned(1), &second)] {
        let hook = Hook::of(at, &integration, &credentials);
        assert_eq!(hook.send(body).await.status(), StatusCode::OK);
    }

    let (at_second, at_third) = (
        Hook::of(&second, &integration, &credentials),
        Hook::of(&third, &integration, &credentials),
    );
    let (a, b) = tokio::join!(at_second.send(closed(1)), at_third.send(closed(1)));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::ACCEPTED]);
    first.deliver_all_pending().await;

    let events = first.received(EXT_EVENT).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["contactEvent"]["detail4"], "agent");
}

#[tokio::test]
async fn a_chat_never_closed_is_forgotten_a_day_after_its_last_notification() {
    use ankieter::db::ChatChange;
    let (app, integration, _, _) = app_with_integration(ContactCenterRules::default()).await;
    let store = app.store();
    const DAY: i64 = 24 * 60 * 60 * 1000;
    let (start, id) = (1_000_000, integration.id);
    store
        .note_chat(id, "old", ChatChange::AgentAssigned, start, start - DAY)
        .await
        .unwrap();
    store
        .note_chat(
            id,
            "stale",
            ChatChange::AgentAssigned,
            start + 10,
            start - DAY,
        )
        .await
        .unwrap();
    // A day later a new chat's notification deletes the abandoned one.
    let later = start + DAY + 5;
    store
        .note_chat(id, "new", ChatChange::AgentAssigned, later, later - DAY)
        .await
        .unwrap();

    assert!(store.finish_chat(id, "old", 0).await.unwrap().is_none());
    assert!(
        store
            .finish_chat(id, "stale", later + DAY)
            .await
            .unwrap()
            .is_none(),
        "one past its day reads as unknown even before it is deleted"
    );
    let new = store.finish_chat(id, "new", later - DAY).await.unwrap();
    assert!(new.is_some_and(|chat| chat.agent_assigned && chat.email.is_none()));
    assert!(store.finish_chat(id, "new", 0).await.unwrap().is_none());
}
