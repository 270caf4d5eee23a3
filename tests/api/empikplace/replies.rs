//! Agents' replies in Thulium go back to the EmpikPlace thread; comments
//! never do.

use super::*;
use ankieter::db::DeliveryStatus;

fn agent_ticket(attachment_bytes: u64) -> Value {
    let mut reply = json!({"id": 501, "type": "AGENT_RESPONSE", "body": "Wysyłamy nowy kubek.",
                           "created_at": ankieter::thulium::format_time(at(45))});
    if attachment_bytes > 0 {
        reply["attachments"] = json!([{"id": 8, "name": "etykieta.pdf", "size": attachment_bytes,
                                       "url": "attachments/8"}]);
    }
    json!({"id": 900, "messages": [
        {"id": 500, "type": "CUSTOMER_RESPONSE", "body": "Kubek przyszedł pęknięty",
         "created_at": ankieter::thulium::format_time(at(17))},
        reply,
        {"id": 502, "type": "COMMENT", "body": "Wewnętrzna notatka: klient VIP",
         "created_at": ankieter::thulium::format_time(at(46))}
    ]})
}

/// A shop whose thread t-1 already has ticket 900.
async fn with_ticket(ticket: Value) -> Shop {
    let shop = shop("").await;
    shop.helpdesk(None, ticket).await;
    shop.inbox(vec![thread(
        "t-1",
        vec![message("m-1", "CUSTOMER", "Kubek przyszedł pęknięty", 2)],
    )])
    .await;
    shop.poll(3).await;
    shop.deliver().await;
    shop
}

#[tokio::test]
async fn an_agents_reply_goes_to_the_thread_once_and_comments_never() {
    let shop = with_ticket(agent_ticket(0)).await;
    let report = shop.poll(50).await;
    assert_eq!(report.tickets, 1);
    assert_eq!(
        report.queued, 1,
        "the reply, not the comment or the customer's message"
    );
    assert_eq!(shop.deliver().await, 1);
    let replies = shop.replies().await;
    assert_eq!(replies.len(), 1);
    assert!(replies[0].contains("name=\"message_input\""));
    assert!(
        replies[0].contains(r#""body":"Wysyłamy nowy kubek.""#),
        "{}",
        replies[0]
    );
    assert!(replies[0].contains(r#""to":["CUSTOMER"]"#));
    assert!(!replies[0].contains("VIP"));
    let posted = shop
        .empik
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap();
    assert_eq!(posted.url.path(), "/api/inbox/threads/t-1/message");
    assert_eq!(posted.headers.get("authorization").unwrap(), KEY);

    // After a restart the same ticket is read again: nothing is sent again.
    let app = shop.app.restart().await;
    let shop = Shop { app, ..shop };
    let report = shop.poll(52).await;
    assert_eq!(
        (report.queued, report.replayed),
        (0, 1),
        "the reply again (the customer's message is older than the overlap)"
    );
    assert_eq!(shop.deliver().await, 0);

    // EmpikPlace's inbox now shows the reply as the shop's message: it is
    // ankieter's own and does not come back into the ticket.
    shop.inbox(vec![thread(
        "t-1",
        vec![
            message("m-1", "CUSTOMER", "Kubek przyszedł pęknięty", 2),
            message("m-9", "SHOP_USER", "Wysyłamy nowy kubek.", 51),
        ],
    )])
    .await;
    let report = shop.poll(53).await;
    assert_eq!(report.queued, 0);
    assert!(shop
        .thulium_got("/api/tickets/900/comment")
        .await
        .is_empty());
}

#[tokio::test]
async fn a_reply_whose_files_are_over_10_mb_is_not_sent_and_the_ticket_says_why() {
    let shop = with_ticket(agent_ticket(11 * 1024 * 1024)).await;
    shop.poll(50).await;
    shop.deliver().await;
    assert!(
        shop.replies().await.is_empty(),
        "nothing sent to the customer"
    );
    let notes = shop.thulium_got("/api/tickets/900/comment").await;
    assert_eq!(notes.len(), 1);
    let note = notes[0]["body"].as_str().unwrap();
    assert!(
        note.contains("NIE została wysłana") && note.contains("10 MB"),
        "{note}"
    );
    let failed: Vec<_> = shop
        .app
        .deliveries()
        .await
        .into_iter()
        .filter(|d| d.status == DeliveryStatus::Failed)
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]
        .last_error
        .as_deref()
        .unwrap()
        .contains("over EmpikPlace's 10 MB"));
}

#[tokio::test]
async fn a_reply_carries_its_files_from_thulium() {
    let shop = with_ticket(agent_ticket(12)).await;
    Mock::given(method("GET"))
        .and(path("/api/attachments/8"))
        .and(wiremock::matchers::basic_auth("api", "tajne"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PDF-1.7 etyk".to_vec()))
        .mount(&shop.thulium)
        .await;
    shop.poll(50).await;
    shop.deliver().await;
    let replies = shop.replies().await;
    assert_eq!(replies.len(), 1);
    assert!(
        replies[0].contains("name=\"files\"; filename=\"etykieta.pdf\""),
        "{}",
        replies[0]
    );
    assert!(replies[0].contains("PDF-1.7 etyk"));
}

#[tokio::test]
async fn the_automatic_reply_goes_once_per_new_thread() {
    let shop = shop("Dziękujemy! Odpowiemy w ciągu 24 godzin.").await;
    shop.helpdesk(None, json!({"id": 900, "messages": []}))
        .await;
    shop.inbox(vec![thread(
        "t-1",
        vec![message("m-1", "CUSTOMER", "Halo", 2)],
    )])
    .await;
    assert_eq!(shop.poll(3).await.queued, 2);
    shop.deliver().await;
    let replies = shop.replies().await;
    assert_eq!(replies.len(), 1);
    assert!(replies[0].contains("Odpowiemy w ciągu 24 godzin"));
    // The customer writes again: no second automatic reply.
    shop.inbox(vec![thread(
        "t-1",
        vec![
            message("m-1", "CUSTOMER", "Halo", 2),
            message("m-2", "CUSTOMER", "Halo?", 4),
        ],
    )])
    .await;
    assert_eq!(shop.poll(5).await.queued, 1);
    shop.deliver().await;
    assert!(
        shop.replies().await.is_empty(),
        "the inbox was reset: no reply since"
    );
}
