//! Thulium's tickets and chat queues, picked out of its JSON. A ticket list
//! is a JSON array (or an object with it under `data`/`tickets`); ids come
//! as numbers or text; times as `YYYY-MM-DD HH:MM:SS` in Thulium's time
//! zone (read as Europe/Warsaw, Thulium's own) or RFC 3339.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: String,
    pub queue_id: Option<String>,
    pub queue_name: Option<String>,
    /// The customer's e-mail, when the ticket carries one.
    pub customer_email: Option<String>,
    /// When it was first closed (ms), if it is closed.
    pub closed_at: Option<i64>,
    /// Only in a single ticket's answer.
    pub messages: Vec<TicketMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketMessage {
    pub id: String,
    /// Its text (agents' replies are sent on to EmpikPlace).
    pub body: Option<String>,
    /// Files attached to it: name, size in bytes, where Thulium serves it.
    pub attachments: Vec<(String, u64, String)>,
    /// `MAIL` is an e-mail from the customer.
    pub kind: String,
    pub from: Option<String>,
    pub at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatQueue {
    pub id: String,
    pub name: String,
}

pub(super) fn list_of(answer: &Value) -> Option<&Vec<Value>> {
    match answer {
        Value::Array(items) => Some(items),
        Value::Object(object) => ["data", "tickets", "items", "queues"]
            .iter()
            .find_map(|key| object.get(*key).and_then(Value::as_array)),
        _ => None,
    }
}

pub(super) fn id_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn text(object: &Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|key| object.get(*key).and_then(Value::as_str))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Thulium's own time zone: its systems run in Poland.
const THULIUM_ZONE: &str = "Europe/Warsaw";

fn zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(THULIUM_ZONE).expect("the bundled time zone database has Europe/Warsaw")
}

/// `2026-11-21 10:15:00` (Europe/Warsaw) or RFC 3339, as ms.
pub fn parse_time(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if let Ok(at) = raw.parse::<jiff::Timestamp>() {
        return Some(at.as_millisecond());
    }
    let local: jiff::civil::DateTime = raw.parse().ok()?;
    Some(
        local
            .to_zoned_datetime(zone())
            .ok()?
            .timestamp()
            .as_millisecond(),
    )
}

/// `YYYY-MM-DD HH:MM:SS` in Europe/Warsaw, for `date_from`.
pub fn format_time(ms: i64) -> String {
    let at = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    at.to_zoned_datetime(zone())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn attachments(message: &Value) -> Vec<(String, u64, String)> {
    message
        .get("attachments")
        .and_then(Value::as_array)
        .map(|files| {
            files
                .iter()
                .filter_map(|f| {
                    Some((
                        text(f, &["name", "filename"])?,
                        f.get("size").and_then(Value::as_u64).unwrap_or(0),
                        text(f, &["url", "path"])
                            .or_else(|| id_of(f.get("id")).map(|id| format!("attachments/{id}")))?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn ticket(object: &Value) -> Option<Ticket> {
    let customer_email = text(object, &["customer_email", "email", "requester_email"])
        .or_else(|| object.get("customer").and_then(|c| text(c, &["email"])));
    let messages = object
        .get("messages")
        .and_then(Value::as_array)
        .map(|messages| {
            messages
                .iter()
                .filter_map(|m| {
                    Some(TicketMessage {
                        id: id_of(m.get("id"))?,
                        body: m
                            .get("body")
                            .or_else(|| m.get("content"))
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        attachments: attachments(m),
                        kind: text(m, &["type"]).unwrap_or_default().to_uppercase(),
                        from: text(m, &["from", "sender_email", "email"]),
                        at: text(m, &["created_at", "date", "send_date"])
                            .and_then(|t| parse_time(&t)),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Ticket {
        id: id_of(object.get("id"))?,
        queue_id: id_of(object.get("ticket_queue_id")).or_else(|| id_of(object.get("queue_id"))),
        queue_name: text(object, &["ticket_queue_name", "queue_name"]),
        customer_email,
        closed_at: text(object, &["closed_at"]).and_then(|t| parse_time(&t)),
        messages,
    })
}

pub(super) fn parse_tickets(answer: &Value) -> Option<Vec<Ticket>> {
    Some(list_of(answer)?.iter().filter_map(ticket).collect())
}

pub(super) fn parse_ticket(answer: &Value) -> Option<Ticket> {
    match answer.get("data").filter(|d| d.is_object()) {
        Some(inner) => ticket(inner),
        None => ticket(answer),
    }
}

pub(super) fn parse_chat_queues(answer: &Value) -> Option<Vec<ChatQueue>> {
    Some(
        list_of(answer)?
            .iter()
            .filter_map(|q| {
                Some(ChatQueue {
                    id: id_of(q.get("id"))?,
                    name: text(q, &["name"])?,
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn warsaw_times_follow_summer_time() {
        // 21 Nov: CET (+1); 1 Jul: CEST (+2).
        assert_eq!(parse_time("2026-11-21 10:15:00"), Some(1_795_252_500_000));
        assert_eq!(
            parse_time("2026-11-21T10:15:00+01:00"),
            Some(1_795_252_500_000)
        );
        assert_eq!(
            parse_time("2026-07-01 12:00:00"),
            parse_time("2026-07-01T10:00:00Z")
        );
        assert_eq!(format_time(1_795_252_500_000), "2026-11-21 10:15:00");
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn tickets_are_read_whatever_the_shape_of_ids() {
        let answer = json!([{"id": 7, "ticket_queue_id": 32, "ticket_queue_name": "Reklamacje",
                             "customer": {"email": "jan@example.com"}, "closed_at": null},
                            {"no_id": true}]);
        let tickets = parse_tickets(&answer).unwrap();
        assert_eq!(tickets.len(), 1);
        assert_eq!(tickets[0].id, "7");
        assert_eq!(tickets[0].queue_id.as_deref(), Some("32"));
        assert_eq!(
            tickets[0].customer_email.as_deref(),
            Some("jan@example.com")
        );
        assert_eq!(tickets[0].closed_at, None);
        assert!(parse_tickets(&json!("garbage")).is_none());
    }
}
