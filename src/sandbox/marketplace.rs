//! The demo's EmpikPlace inbox and Thulium helpdesk, in memory: what the
//! EmpikPlace connector calls (Mirakl's M11/M12/OR11 and Thulium's
//! customers and tickets, with the published field names), checked for the
//! shop's key and the API user's password like the real ones, plus what a
//! person does in each (a customer writes, an agent replies).

use serde_json::{json, Value};
use std::sync::Mutex;

/// The sandbox shop's id; its key and the Thulium password are the
/// sandbox's secret.
pub const SANDBOX_SHOP_ID: &str = "2001";
pub const SANDBOX_THULIUM_USER: &str = "api";
pub const SANDBOX_QUEUE_ID: &str = "7";
pub const SANDBOX_CUSTOMER_FIELD: &str = "empik_id";
/// The order every sandbox thread is about.
const ORDER_ID: &str = "DEMO-1001-A";

#[derive(Debug, Clone)]
pub struct InboxMessage {
    pub id: String,
    /// Mirakl's `from.type`: `CUSTOMER` or `SHOP_USER`.
    pub from: &'static str,
    pub author: String,
    pub body: String,
    pub at: i64,
}

#[derive(Debug, Clone)]
pub struct InboxThread {
    pub id: String,
    pub topic: String,
    pub customer_id: String,
    pub customer_name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub messages: Vec<InboxMessage>,
}

#[derive(Debug, Clone)]
pub struct TicketMessage {
    pub id: u64,
    /// `CUSTOMER_RESPONSE`, `AGENT_RESPONSE` or `COMMENT`.
    pub kind: &'static str,
    pub body: String,
    pub at: i64,
}

#[derive(Debug, Clone)]
pub struct HelpdeskTicket {
    pub id: u64,
    pub subject: String,
    pub customer: Option<String>,
    pub updated_at: i64,
    pub messages: Vec<TicketMessage>,
}

#[derive(Default)]
struct State {
    threads: Vec<InboxThread>,
    tickets: Vec<HelpdeskTicket>,
    /// Thulium CRM customers: id, name, the EmpikPlace customer id.
    customers: Vec<(u64, String, String)>,
    next: u64,
}

#[derive(Default)]
pub struct Marketplace {
    state: Mutex<State>,
}

fn text(body: &Value, key: &str) -> String {
    match body.get(key) {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl State {
    fn next_id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

impl Marketplace {
    pub fn threads(&self) -> Vec<InboxThread> {
        self.state.lock().expect("sandbox lock").threads.clone()
    }

    pub fn tickets(&self) -> Vec<HelpdeskTicket> {
        self.state.lock().expect("sandbox lock").tickets.clone()
    }

    /// A customer writes: into `thread` or, when it is empty or unknown, a
    /// new thread.
    pub fn customer_writes(&self, thread: &str, name: &str, body: &str, now: i64) {
        let mut state = self.state.lock().expect("sandbox lock");
        let id = state.next_id();
        let message = InboxMessage {
            id: format!("msg-{id}"),
            from: "CUSTOMER",
            author: name.to_owned(),
            body: body.to_owned(),
            at: now,
        };
        if let Some(existing) = state.threads.iter_mut().find(|t| t.id == thread) {
            existing.updated_at = now;
            existing.messages.push(message);
            return;
        }
        let customer = state.threads.len() + 1;
        state.threads.push(InboxThread {
            id: format!("thread-{id}"),
            topic: "Pytanie o zamówienie".into(),
            customer_id: format!("klient-{customer}"),
            customer_name: name.to_owned(),
            created_at: now,
            updated_at: now,
            messages: vec![message],
        });
    }

    /// An agent answers (`AGENT_RESPONSE`) or notes (`COMMENT`) in a ticket.
    pub fn agent_writes(&self, ticket: u64, kind: &'static str, body: &str, now: i64) -> bool {
        let mut state = self.state.lock().expect("sandbox lock");
        let id = state.next_id();
        let Some(ticket) = state.tickets.iter_mut().find(|t| t.id == ticket) else {
            return false;
        };
        ticket.updated_at = now;
        ticket.messages.push(TicketMessage {
            id,
            kind,
            body: body.to_owned(),
            at: now,
        });
        true
    }

    /// M11: the threads updated since `since` (ms), with their messages.
    pub fn inbox(&self, since: i64) -> Value {
        let state = self.state.lock().expect("sandbox lock");
        let data: Vec<Value> = state
            .threads
            .iter()
            .filter(|t| t.updated_at >= since)
            .map(|t| {
                json!({
                    "id": t.id,
                    "topic": {"type": "FREE_TEXT", "value": t.topic},
                    "entities": [{"id": ORDER_ID, "type": "MMP_ORDER", "label": ORDER_ID}],
                    "current_participants": [{"type": "CUSTOMER", "id": t.customer_id, "display_name": t.customer_name},
                                             {"type": "SHOP", "id": SANDBOX_SHOP_ID}],
                    "date_created": crate::clock::rfc3339(t.created_at),
                    "date_updated": crate::clock::rfc3339(t.updated_at),
                    "messages": t.messages.iter().map(|m| json!({
                        "id": m.id, "body": m.body, "date_created": crate::clock::rfc3339(m.at),
                        "from": {"type": m.from, "display_name": m.author,
                                 "id": if m.from == "CUSTOMER" { t.customer_id.as_str() } else { SANDBOX_SHOP_ID }},
                        "attachments": []
                    })).collect::<Vec<_>>()
                })
            })
            .collect();
        json!({"data": data})
    }

    /// OR11: the demo order.
    pub fn order(&self) -> Value {
        json!({"orders": [{"order_id": ORDER_ID, "order_lines": [
            {"product_title": "Kubek ceramiczny „Poranek”", "offer_sku": "KUB-001", "quantity": 2, "total_price": 59.80},
            {"product_title": "Herbata czarna 100 g", "offer_sku": "HER-100", "quantity": 1, "total_price": 18.99}
        ]}]})
    }

    /// M12: the shop's reply into a thread; false for an unknown thread.
    pub fn shop_replies(&self, thread: &str, body: &str, now: i64) -> bool {
        let mut state = self.state.lock().expect("sandbox lock");
        let id = state.next_id();
        let Some(thread) = state.threads.iter_mut().find(|t| t.id == thread) else {
            return false;
        };
        thread.updated_at = now;
        thread.messages.push(InboxMessage {
            id: format!("msg-{id}"),
            from: "SHOP_USER",
            author: "Sklep (ankieter)".into(),
            body: body.to_owned(),
            at: now,
        });
        true
    }

    /// Thulium's `GET customers?custom_fields[field]=value`.
    pub fn customers(&self, empik_id: &str) -> Value {
        let state = self.state.lock().expect("sandbox lock");
        let found: Vec<Value> = state
            .customers
            .iter()
            .filter(|(_, _, value)| value == empik_id)
            .map(|(id, name, value)| json!({"id": id, "name": name, "custom_fields": {SANDBOX_CUSTOMER_FIELD: value}}))
            .collect();
        Value::Array(found)
    }

    pub fn add_customer(&self, body: &Value) -> Value {
        let mut state = self.state.lock().expect("sandbox lock");
        let id = state.next_id();
        let value = body
            .get("custom_fields")
            .map(|f| text(f, SANDBOX_CUSTOMER_FIELD))
            .unwrap_or_default();
        state.customers.push((id, text(body, "name"), value));
        json!({"customer_id": id})
    }

    pub fn open_ticket(&self, body: &Value, now: i64) -> Value {
        let mut state = self.state.lock().expect("sandbox lock");
        let (id, message) = (state.next_id(), state.next_id());
        let customer = text(body, "customer_id");
        let customer = state
            .customers
            .iter()
            .find(|(c, _, _)| c.to_string() == customer)
            .map(|(_, name, _)| name.clone());
        state.tickets.push(HelpdeskTicket {
            id,
            subject: text(body, "subject"),
            customer,
            updated_at: now,
            messages: vec![TicketMessage {
                id: message,
                kind: "CUSTOMER_RESPONSE",
                body: text(body, "body"),
                at: now,
            }],
        });
        json!({"ticket_id": id})
    }

    /// Thulium's `GET tickets?date_from=` (ids only) and `GET tickets/{id}`.
    pub fn modified_tickets(&self, since: i64) -> Value {
        let state = self.state.lock().expect("sandbox lock");
        Value::Array(
            state
                .tickets
                .iter()
                .filter(|t| t.updated_at >= since)
                .map(|t| json!({"id": t.id, "ticket_queue_id": SANDBOX_QUEUE_ID}))
                .collect(),
        )
    }

    pub fn ticket(&self, id: u64) -> Option<Value> {
        let state = self.state.lock().expect("sandbox lock");
        let ticket = state.tickets.iter().find(|t| t.id == id)?;
        Some(
            json!({"id": ticket.id, "subject": ticket.subject, "messages":
            ticket.messages.iter().map(|m| json!({"id": m.id, "type": m.kind, "body": m.body,
                "created_at": crate::thulium::format_time(m.at)})).collect::<Vec<_>>()}),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customers_message_and_the_shops_reply_make_one_thread() {
        let sandbox = Marketplace::default();
        sandbox.customer_writes("", "Anna", "Halo", 1_000);
        let thread = sandbox.threads()[0].id.clone();
        assert!(sandbox.shop_replies(&thread, "Dzień dobry", 2_000));
        sandbox.customer_writes(&thread, "Anna", "Dziękuję", 3_000);
        assert_eq!(sandbox.threads().len(), 1);
        assert_eq!(sandbox.threads()[0].messages.len(), 3);
        assert_eq!(sandbox.inbox(2_500)["data"].as_array().unwrap().len(), 1);
        assert_eq!(sandbox.inbox(3_500)["data"].as_array().unwrap().len(), 0);
    }
}
