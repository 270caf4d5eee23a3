//! Mirakl's threads and orders, picked out of its JSON.

use crate::domain::empik::{OrderContext, OrderLine, Party};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxMessage {
    pub id: String,
    pub from: Option<Party>,
    pub author: Option<String>,
    /// The writer's own id (a customer's EmpikPlace id).
    pub author_id: Option<String>,
    pub body: String,
    pub attachment_names: Vec<String>,
    pub sent_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxThread {
    pub id: String,
    pub topic: String,
    /// The order the thread is about (`entities` of type `MMP_ORDER`).
    pub order_id: Option<String>,
    pub customer_id: Option<String>,
    pub customer_name: Option<String>,
    pub created_at: Option<i64>,
    pub messages: Vec<InboxMessage>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadPage {
    pub threads: Vec<InboxThread>,
    pub next_page_token: Option<String>,
}

fn text(object: &Value, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn time(object: &Value, key: &str) -> Option<i64> {
    object
        .get(key)?
        .as_str()?
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

fn message(value: &Value) -> Option<InboxMessage> {
    let from = value.get("from");
    Some(InboxMessage {
        id: text(value, "id")?,
        from: from
            .and_then(|f| f.get("type"))
            .and_then(Value::as_str)
            .and_then(Party::from_mirakl),
        author: from.and_then(|f| text(f, "display_name")),
        author_id: from.and_then(|f| text(f, "id")),
        body: value
            .get("body")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        attachment_names: value
            .get("attachments")
            .and_then(Value::as_array)
            .map(|files| files.iter().filter_map(|f| text(f, "name")).collect())
            .unwrap_or_default(),
        sent_at: time(value, "date_created"),
    })
}

fn thread(value: &Value) -> Option<InboxThread> {
    let topic = value
        .get("topic")
        .and_then(|t| text(t, "value").or_else(|| t.as_str().map(str::to_owned)))
        .unwrap_or_default();
    let order_id = value
        .get("entities")
        .and_then(Value::as_array)
        .and_then(|entities| {
            entities.iter().find(|e| {
                e.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.ends_with("ORDER"))
            })
        })
        .and_then(|e| text(e, "id"));
    let customer = value
        .get("current_participants")
        .or_else(|| value.get("participants"))
        .and_then(Value::as_array)
        .and_then(|people| {
            people.iter().find(|p| {
                p.get("type")
                    .and_then(Value::as_str)
                    .and_then(Party::from_mirakl)
                    == Some(Party::Customer)
            })
        });
    let messages: Vec<InboxMessage> = value
        .get("messages")
        .and_then(Value::as_array)
        .map(|all| all.iter().filter_map(message).collect())
        .unwrap_or_default();
    let first_customer = messages.iter().find(|m| m.from == Some(Party::Customer));
    Some(InboxThread {
        id: text(value, "id")?,
        topic,
        order_id,
        customer_id: customer
            .and_then(|c| text(c, "id"))
            .or_else(|| first_customer.and_then(|m| m.author_id.clone())),
        customer_name: customer
            .and_then(|c| text(c, "display_name"))
            .or_else(|| first_customer.and_then(|m| m.author.clone())),
        created_at: time(value, "date_created"),
        messages,
    })
}

pub(super) fn parse_page(answer: &Value) -> Option<ThreadPage> {
    let list = answer.get("data").and_then(Value::as_array)?;
    Some(ThreadPage {
        threads: list.iter().filter_map(thread).collect(),
        next_page_token: text(answer, "next_page_token"),
    })
}

pub(super) fn parse_thread(answer: &Value) -> Option<InboxThread> {
    thread(answer)
}

/// A price as EmpikPlace gives it, a number shown with two decimals.
fn price(value: Option<&Value>) -> String {
    match value {
        Some(Value::Number(n)) => n.as_f64().map(|p| format!("{p:.2}")).unwrap_or_default(),
        Some(Value::String(t)) => t.trim().to_owned(),
        _ => String::new(),
    }
}

pub(super) fn parse_order(answer: &Value, order_id: &str) -> Option<OrderContext> {
    let order = answer
        .get("orders")
        .and_then(Value::as_array)?
        .iter()
        .find(|o| text(o, "order_id").as_deref() == Some(order_id))?;
    let lines = order
        .get("order_lines")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|l| OrderLine {
                    title: text(l, "product_title").unwrap_or_default(),
                    sku: text(l, "offer_sku")
                        .or_else(|| text(l, "product_sku"))
                        .unwrap_or_default(),
                    quantity: l.get("quantity").and_then(Value::as_i64).unwrap_or(1),
                    price: price(l.get("total_price").or_else(|| l.get("price"))),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(OrderContext {
        order_id: order_id.to_owned(),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_thread_names_its_order_customer_and_parties() {
        let page = parse_page(&json!({
            "data": [{
                "id": "t-1",
                "topic": {"type": "FREE_TEXT", "value": "Gdzie moja paczka?"},
                "entities": [{"id": "ORD-1-A", "type": "MMP_ORDER"}],
                "current_participants": [{"type": "CUSTOMER", "id": "c-9", "display_name": "Anna K."},
                                         {"type": "SHOP", "id": "2001"}],
                "date_created": "2026-12-05T10:00:00Z",
                "messages": [
                    {"id": "m-1", "body": "Halo", "date_created": "2026-12-05T10:00:00Z",
                     "from": {"type": "CUSTOMER", "display_name": "Anna K."},
                     "attachments": [{"id": "a", "name": "zdjęcie.jpg", "size": 10}]},
                    {"id": "m-2", "body": "Już sprawdzamy", "from": {"type": "SHOP_USER"}},
                    {"no_id": true}
                ]
            }, {"no": "id"}],
            "next_page_token": "abc"
        }))
        .unwrap();
        assert_eq!(page.next_page_token.as_deref(), Some("abc"));
        let thread = &page.threads[0];
        assert_eq!(page.threads.len(), 1);
        assert_eq!(thread.topic, "Gdzie moja paczka?");
        assert_eq!(thread.order_id.as_deref(), Some("ORD-1-A"));
        assert_eq!(thread.customer_id.as_deref(), Some("c-9"));
        assert_eq!(thread.messages.len(), 2);
        assert_eq!(thread.messages[0].from, Some(Party::Customer));
        assert_eq!(thread.messages[0].attachment_names, ["zdjęcie.jpg"]);
        assert_eq!(thread.messages[1].from, Some(Party::Shop));
        assert!(parse_page(&json!("garbage")).is_none());
    }

    #[test]
    fn an_order_lists_its_lines() {
        let order = parse_order(
            &json!({"orders": [{"order_id": "ORD-1-A", "order_lines": [
                {"product_title": "Kubek", "offer_sku": "KUB-1", "quantity": 2, "total_price": 59.8}
            ]}]}),
            "ORD-1-A",
        )
        .unwrap();
        assert_eq!(order.lines[0].sku, "KUB-1");
        assert_eq!(order.lines[0].quantity, 2);
        assert_eq!(order.lines[0].price, "59.80");
        assert!(parse_order(&json!({"orders": []}), "ORD-1-A").is_none());
    }
}
