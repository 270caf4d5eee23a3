//! Customer messages become Thulium tickets.

use super::*;
use ankieter::db::DeliveryStatus;

#[tokio::test]
async fn the_first_message_opens_a_ticket_for_a_new_customer_and_the_next_joins_it() {
    let shop = shop("").await;
    shop.helpdesk(None, json!({"id": 900, "messages": []}))
        .await;
    let old = message("m-0", "CUSTOMER", "Sprzed włączenia", -10);
    shop.inbox(vec![thread(
        "t-1",
        vec![
            old.clone(),
            message("m-1", "CUSTOMER", "Kubek przyszedł pęknięty", 2),
        ],
    )])
    .await;

    let report = shop.poll(3).await;
    assert_eq!(
        (report.threads, report.queued),
        (1, 1),
        "the message before switch-on is not taken"
    );
    assert_eq!(shop.deliver().await, 1);

    let customers = shop.thulium_got("/api/customers").await;
    assert_eq!(
        customers,
        [json!({"name": "Anna K.", "custom_fields": {"empik_id": "c-9"}})]
    );
    let tickets = shop.thulium_got("/api/tickets").await;
    assert_eq!(tickets.len(), 1);
    let ticket = &tickets[0];
    assert_eq!(ticket["subject"], "Uszkodzony kubek");
    assert_eq!(ticket["queue_id"], "7");
    assert_eq!(ticket["category_id"], "3");
    assert_eq!(ticket["customer_id"], "77");
    assert_eq!(ticket["source"], "EmpikPlace");
    let body = ticket["body"].as_str().unwrap();
    assert!(body.starts_with("Kubek przyszedł pęknięty"), "{body}");
    assert!(body.contains("Zamówienie ORD-1-A"), "{body}");
    assert!(body.contains("/mmp/shop/order/ORD-1-A"), "{body}");
    assert!(body.contains("/mmp/shop/inbox/thread/t-1"), "{body}");
    assert!(
        body.contains("Kubek „Poranek” (SKU KUB-1) × 2 — 59.80"),
        "{body}"
    );

    // The customer writes again, the shop answers in EmpikPlace's panel,
    // and Empik (the operator) joins: all into ticket 900, in order.
    shop.inbox(vec![thread(
        "t-1",
        vec![
            old,
            message("m-1", "CUSTOMER", "Kubek przyszedł pęknięty", 2),
            message("m-2", "CUSTOMER", "Czy mogę prosić o zwrot?", 4),
            message("m-3", "SHOP_USER", "Odpowiemy jutro", 5),
            message("m-4", "OPERATOR_USER", "Empik monitoruje sprawę", 6),
        ],
    )])
    .await;
    let report = shop.poll(7).await;
    assert_eq!((report.queued, report.replayed), (3, 1));
    shop.deliver().await;
    assert_eq!(
        shop.thulium_got("/api/tickets").await.len(),
        1,
        "no second ticket for the same thread"
    );
    assert_eq!(
        shop.thulium_got("/api/tickets/900/customer_response").await,
        [json!({"body": "Czy mogę prosić o zwrot?"})]
    );
    let comments = shop.thulium_got("/api/tickets/900/comment").await;
    assert_eq!(comments.len(), 2);
    assert!(comments[0]["body"]
        .as_str()
        .unwrap()
        .starts_with("[EmpikPlace — wiadomość sklepu]"));
    assert!(comments[1]["body"]
        .as_str()
        .unwrap()
        .contains("Empik (operator)"));

    // Read again (the overlap, a restart): nothing is queued twice.
    let app = shop.app.restart().await;
    let shop = Shop { app, ..shop };
    let report = shop.poll(8).await;
    assert_eq!((report.queued, report.replayed), (0, 4));
    assert_eq!(shop.deliver().await, 0);
    let deliveries = shop.app.deliveries().await;
    assert_eq!(deliveries.len(), 4);
    assert!(deliveries
        .iter()
        .all(|d| d.status == DeliveryStatus::Delivered));
    assert!(deliveries
        .iter()
        .all(|d| d.contact_id.as_deref() == Some("900")));
}

#[tokio::test]
async fn an_existing_customer_is_found_by_the_special_field() {
    let shop = shop("").await;
    shop.helpdesk(Some("55"), json!({"id": 900, "messages": []}))
        .await;
    shop.inbox(vec![thread(
        "t-1",
        vec![message("m-1", "CUSTOMER", "Dzień dobry", 2)],
    )])
    .await;
    shop.poll(3).await;
    shop.deliver().await;
    assert!(
        shop.thulium_got("/api/customers").await.is_empty(),
        "no customer added"
    );
    let asked: Vec<String> = shop
        .thulium
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/api/customers")
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(asked, ["custom_fields%5Bempik_id%5D=c-9"]);
    assert_eq!(
        shop.thulium_got("/api/tickets").await[0]["customer_id"],
        "55"
    );
}

#[tokio::test]
async fn a_busy_thulium_is_retried_with_backoff_and_the_ticket_opens_once() {
    let shop = shop("").await;
    shop.helpdesk(None, json!({"id": 900, "messages": []}))
        .await;
    shop.inbox(vec![thread(
        "t-1",
        vec![message("m-1", "CUSTOMER", "Halo", 2)],
    )])
    .await;
    shop.poll(3).await;
    // Thulium answers 429 to everything first.
    shop.thulium.reset().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(429))
        .mount(&shop.thulium)
        .await;
    let now = ankieter::clock::now_ms();
    shop.app.deliver_at(now).await;
    let delivery = shop.app.only_delivery().await;
    assert_eq!(
        delivery.status,
        DeliveryStatus::Pending,
        "{:?}",
        delivery.last_error
    );
    assert!(delivery.next_attempt_at > now, "waits before trying again");
    assert!(delivery.last_error.unwrap().contains("HTTP 429"));

    shop.helpdesk(None, json!({"id": 900, "messages": []}))
        .await;
    shop.app.deliver_at(delivery.next_attempt_at).await;
    let delivery = shop.app.only_delivery().await;
    assert_eq!(delivery.status, DeliveryStatus::Delivered);
    assert_eq!(delivery.attempts, 2);
    assert_eq!(shop.thulium_got("/api/tickets").await.len(), 1);
}

#[tokio::test]
async fn a_refused_key_pauses_the_integration_until_it_is_resumed() {
    let shop = shop("").await;
    Mock::given(method("GET"))
        .and(path("/api/inbox/threads"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Unauthorized"})))
        .mount(&shop.empik)
        .await;
    let error = shop
        .app
        .empik_poller
        .poll(&shop.fresh().await, at(3))
        .await
        .unwrap_err();
    assert!(error.contains("refused the shop's API key"), "{error}");
    let paused = shop.fresh().await;
    assert!(paused.paused_reason.unwrap().contains("HTTP 401"));
    assert!(
        shop.app.store().polled_empik().await.unwrap().is_empty(),
        "not polled while paused"
    );
    let polled = shop.app.empik_poller.poll_due(at(10)).await;
    assert!(polled.is_empty());

    assert!(ankieter::manage::resume_empik(
        shop.app.store(),
        shop.app.account_id,
        shop.integration.id
    )
    .await
    .unwrap());
    assert_eq!(shop.app.store().polled_empik().await.unwrap().len(), 1);
    // Another account cannot resume (or see) it.
    let other = shop
        .app
        .add_account("Inna", "http://127.0.0.1:9", "inna")
        .await;
    assert!(
        !ankieter::manage::resume_empik(shop.app.store(), other, shop.integration.id)
            .await
            .unwrap()
    );
    assert!(shop
        .app
        .store()
        .empik_integration(Some(other), shop.integration.id)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_slow_empikplace_holds_up_only_its_own_account() {
    let shop = shop("").await;
    // The first account's EmpikPlace answers after the client's timeout.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
        .mount(&shop.empik)
        .await;
    let other_account = shop
        .app
        .add_account("Inna", "http://127.0.0.1:9", "inna")
        .await;
    let (empik, thulium) = (MockServer::start().await, MockServer::start().await);
    let other = integration_for(&shop.app, other_account, &empik, &thulium, "").await;
    let second = Shop {
        app: shop.app,
        integration: other,
        empik,
        thulium,
    };
    second
        .helpdesk(None, json!({"id": 900, "messages": []}))
        .await;
    second
        .inbox(vec![thread(
            "t-9",
            vec![message("m-1", "CUSTOMER", "Pytanie", 2)],
        )])
        .await;
    let started = std::time::Instant::now();
    let results = second.app.empik_poller.poll_due(at(3)).await;
    assert_eq!(results.len(), 2);
    let mine = results
        .iter()
        .find(|(id, _)| *id == second.integration.id)
        .unwrap();
    assert_eq!(mine.1.as_ref().unwrap().queued, 1);
    let slow = results
        .iter()
        .find(|(id, _)| *id != second.integration.id)
        .unwrap();
    assert!(slow.1.as_ref().unwrap_err().contains("timed out"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "polled side by side"
    );
}

#[tokio::test]
async fn messages_written_while_switched_off_are_not_taken_when_it_is_switched_on_again() {
    let shop = shop("").await;
    shop.helpdesk(None, json!({"id": 900, "messages": []}))
        .await;
    let switch = |enabled: bool| {
        let shop = &shop;
        async move {
            let thulium_url = format!("{}/api", shop.thulium.uri());
            let api_url = format!("{}/api", shop.empik.uri());
            ankieter::manage::save_empik(
                shop.app.store(),
                &shop.app.state.key,
                shop.app.account_id,
                Some(shop.fresh().await),
                &ankieter::manage::EmpikInput {
                    shop_id: "2001",
                    api_url: &api_url,
                    api_key: None,
                    thulium_url: &thulium_url,
                    thulium_user: "api",
                    thulium_password: None,
                    queue_id: "7",
                    category_id: "3",
                    customer_field: "empik_id",
                    auto_reply: "",
                    poll_seconds: 60,
                    enabled,
                },
            )
            .await
            .unwrap()
        }
    };
    switch(false).await;
    assert!(
        shop.app.store().polled_empik().await.unwrap().is_empty(),
        "off: not polled"
    );
    // Written an hour ago (while it was off); it is switched on now.
    shop.inbox(vec![thread(
        "t-1",
        vec![message("m-1", "CUSTOMER", "Halo", 2)],
    )])
    .await;
    switch(true).await;
    let report = shop
        .app
        .empik_poller
        .poll(&shop.fresh().await, ankieter::clock::now_ms())
        .await
        .unwrap();
    assert_eq!((report.threads, report.queued), (1, 0));
}

#[tokio::test]
async fn a_slow_thulium_fails_its_own_accounts_step_and_the_other_account_is_delivered() {
    let slow = shop("").await;
    slow.inbox(vec![thread(
        "t-1",
        vec![message("m-1", "CUSTOMER", "Halo", 2)],
    )])
    .await;
    Mock::given(method("GET"))
        .and(path("/api/tickets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&slow.thulium)
        .await;
    // Everything else of this Thulium answers after the call's timeout.
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(3)))
        .mount(&slow.thulium)
        .await;
    slow.poll(3).await;
    let other_account = slow
        .app
        .add_account("Inna", "http://127.0.0.1:9", "inna")
        .await;
    let (empik, thulium) = (MockServer::start().await, MockServer::start().await);
    let integration = integration_for(&slow.app, other_account, &empik, &thulium, "").await;
    let Shop {
        app,
        empik: slow_empik,
        thulium: slow_thulium,
        ..
    } = slow;
    let healthy = Shop {
        app,
        integration,
        empik,
        thulium,
    };
    healthy
        .helpdesk(None, json!({"id": 900, "messages": []}))
        .await;
    healthy
        .inbox(vec![thread(
            "t-9",
            vec![message("m-1", "CUSTOMER", "Pytanie", 2)],
        )])
        .await;
    healthy.poll(3).await;
    healthy.app.deliver_all_pending().await;
    let deliveries = healthy.app.deliveries().await;
    let mine = deliveries
        .iter()
        .find(|d| d.account_id == other_account)
        .unwrap();
    assert_eq!(mine.status, DeliveryStatus::Delivered);
    let stuck = deliveries
        .iter()
        .find(|d| d.account_id != other_account)
        .unwrap();
    assert_eq!(stuck.status, DeliveryStatus::Pending, "retried later");
    assert!(
        stuck.last_error.as_deref().unwrap().contains("timed out"),
        "{:?}",
        stuck.last_error
    );
    drop((slow_empik, slow_thulium));
}
