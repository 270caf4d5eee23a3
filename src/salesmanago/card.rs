//! What SALESmanago knows about a contact, for the contact card: read from
//! `POST /api/contact/list` (`email: [..]`), which answers a contact's basic
//! data, tags, custom properties and external events. Read leniently: a
//! field SALESmanago leaves out is shown as unknown, never an error.

use serde::Serialize;
use serde_json::Value;

/// A contact as the card shows it. `None` from the look-up: not in SALESmanago.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardContact {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub score: Option<i64>,
    /// ms since the epoch, as SALESmanago answers them.
    pub created_on: Option<i64>,
    pub modified_on: Option<i64>,
    pub last_visit: Option<i64>,
    pub opted_out: Option<bool>,
    pub opted_out_phone: Option<bool>,
    pub tags: Vec<String>,
    /// Custom properties, the survey answers (`ankieta.*` / `dotaznik.*`) first.
    pub properties: Vec<(String, String)>,
    /// External events, newest first.
    pub events: Vec<CardEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardEvent {
    pub event_type: String,
    pub description: String,
    pub date: Option<i64>,
    /// `detail1`…`detail20` with a value, in order.
    pub details: Vec<(String, String)>,
}

fn text(object: &Value, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(object: &Value, key: &str) -> Option<i64> {
    match object.get(key)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The first contact of a `contact/list` answer, if any.
pub fn parse_contact_list(answer: &Value, survey_prefixes: &[&str]) -> Option<CardContact> {
    let contact = answer.get("contacts")?.as_array()?.first()?;
    let tags = contact
        .get("contactTags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| text(t, "tag").or_else(|| t.as_str().map(str::to_owned)))
                .collect()
        })
        .unwrap_or_default();
    let mut properties: Vec<(String, String)> = match contact.get("properties") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|p| Some((text(p, "name")?, text(p, "value").unwrap_or_default())))
            .collect(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string()),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    // Survey answers first, each group in SALESmanago's order.
    properties.sort_by_key(|(key, _)| !survey_prefixes.iter().any(|p| key.starts_with(p)));
    let mut events: Vec<CardEvent> = contact
        .get("contactExtEvents")
        .and_then(Value::as_array)
        .map(|events| {
            events
                .iter()
                .map(|e| CardEvent {
                    event_type: text(e, "contactExtEventType").unwrap_or_default(),
                    description: text(e, "description").unwrap_or_default(),
                    date: number(e, "date"),
                    details: (1..=20)
                        .filter_map(|n| {
                            let key = format!("detail{n}");
                            text(e, &key).map(|v| (key, v))
                        })
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    events.sort_by_key(|e| std::cmp::Reverse(e.date));
    Some(CardContact {
        id: text(contact, "id")?,
        email: text(contact, "email").unwrap_or_default(),
        name: text(contact, "name"),
        company: text(contact, "company"),
        phone: text(contact, "phone"),
        score: number(contact, "score"),
        created_on: number(contact, "createdOn"),
        modified_on: number(contact, "modifiedOn"),
        last_visit: number(contact, "lastVisit"),
        opted_out: contact.get("optedOut").and_then(Value::as_bool),
        opted_out_phone: contact.get("optedOutPhone").and_then(Value::as_bool),
        tags,
        properties,
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_contact_is_read_with_survey_answers_first_and_events_newest_first() {
        let answer = json!({"success": true, "contacts": [{
            "id": "c-1", "email": "jan@example.com", "name": "Jan", "score": 42,
            "createdOn": 1_700_000_000_000_i64, "optedOut": false,
            "contactTags": [{"tag": "VIP", "score": 1}, {"tag": "NPS"}],
            "properties": [{"name": "miasto", "value": "Kraków"}, {"name": "ankieta.Ocena", "value": "9"}],
            "contactExtEvents": [
                {"contactExtEventType": "OTHER", "description": "OLD", "date": 1},
                {"contactExtEventType": "PHONE_CALL", "description": "NEW", "date": 2, "detail1": "7"}
            ]
        }]});
        let contact = parse_contact_list(&answer, &["ankieta."]).unwrap();
        assert_eq!(contact.tags, vec!["VIP", "NPS"]);
        assert_eq!(contact.properties[0].0, "ankieta.Ocena");
        assert_eq!(contact.events[0].description, "NEW");
        assert_eq!(
            contact.events[0].details,
            vec![("detail1".to_owned(), "7".to_owned())]
        );
        assert_eq!(contact.score, Some(42));
        assert_eq!(contact.company, None);
        assert!(parse_contact_list(&json!({"success": true, "contacts": []}), &[]).is_none());
        assert!(parse_contact_list(&json!({"success": true}), &[]).is_none());
    }
}
