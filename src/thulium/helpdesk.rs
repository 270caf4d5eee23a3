//! What the EmpikPlace connector writes into Thulium's helpdesk: CRM
//! customers found or added by a customer field, tickets in a queue, a
//! customer's message or an internal comment in a ticket, and the files
//! agents attach to replies. Paths and field names follow Thulium's REST
//! reference; ids come back as numbers or text, under `id` or a named key.

use super::client::{ThuliumAccess, ThuliumClient, ThuliumError};
use super::tickets::{id_of, list_of};
use reqwest::Method;
use serde_json::{json, Value};

/// A ticket to open.
pub struct NewTicket<'a> {
    pub subject: &'a str,
    pub queue_id: &'a str,
    pub category_id: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    /// The customer's first message.
    pub body: &'a str,
}

/// A ticket queue or category, for the admin's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    pub name: String,
}

fn returned_id(answer: &Value, key: &str) -> Option<String> {
    id_of(answer.get(key))
        .or_else(|| id_of(answer.get("id")))
        .or_else(|| answer.get("data").and_then(|d| returned_id(d, key)))
}

impl ThuliumClient {
    /// The CRM customer whose `field` holds `value`.
    pub async fn find_customer(
        &self,
        access: &ThuliumAccess,
        field: &str,
        value: &str,
    ) -> Result<Option<String>, ThuliumError> {
        let query = [(format!("custom_fields[{field}]"), value.to_owned())];
        let query: Vec<(&str, String)> =
            query.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let answer = self.get_json(access, "customers", &query).await?;
        let customers =
            list_of(&answer).ok_or_else(|| ThuliumError::Garbled("customers: no list".into()))?;
        // Thulium's search may match loosely: only an exact value counts.
        Ok(customers
            .iter()
            .find(|c| {
                c.get("custom_fields")
                    .and_then(|f| f.get(field))
                    .is_none_or(|v| id_of(Some(v)).as_deref() == Some(value))
            })
            .and_then(|c| id_of(c.get("id")).or_else(|| id_of(c.get("customer_id")))))
    }

    /// Adds a CRM customer with `field` = `value`.
    pub async fn create_customer(
        &self,
        access: &ThuliumAccess,
        name: &str,
        field: &str,
        value: &str,
    ) -> Result<String, ThuliumError> {
        let body = json!({"name": name, "custom_fields": {field: value}});
        let answer = self
            .send_json(access, Method::POST, "customers", &body)
            .await?;
        returned_id(&answer, "customer_id")
            .ok_or_else(|| ThuliumError::Garbled("customers: no id for the new customer".into()))
    }

    /// Opens a ticket with the customer's first message; its id.
    pub async fn create_ticket(
        &self,
        access: &ThuliumAccess,
        ticket: &NewTicket<'_>,
    ) -> Result<String, ThuliumError> {
        let body = json!({
            "subject": ticket.subject,
            "queue_id": ticket.queue_id,
            "category_id": ticket.category_id,
            "customer_id": ticket.customer_id,
            "source": "EmpikPlace",
            "body": ticket.body,
        });
        let answer = self
            .send_json(access, Method::POST, "tickets", &body)
            .await?;
        returned_id(&answer, "ticket_id")
            .ok_or_else(|| ThuliumError::Garbled("tickets: no id for the new ticket".into()))
    }

    /// A customer's message into an open ticket.
    pub async fn add_customer_message(
        &self,
        access: &ThuliumAccess,
        ticket_id: &str,
        body: &str,
    ) -> Result<(), ThuliumError> {
        self.write_to_ticket(access, ticket_id, "customer_response", body)
            .await
    }

    /// An internal comment (agents see it; it is never sent anywhere).
    pub async fn add_comment(
        &self,
        access: &ThuliumAccess,
        ticket_id: &str,
        body: &str,
    ) -> Result<(), ThuliumError> {
        self.write_to_ticket(access, ticket_id, "comment", body)
            .await
    }

    async fn write_to_ticket(
        &self,
        access: &ThuliumAccess,
        ticket_id: &str,
        what: &str,
        body: &str,
    ) -> Result<(), ThuliumError> {
        let path = format!("tickets/{ticket_id}/{what}");
        self.send_json(access, Method::POST, &path, &json!({"body": body}))
            .await
            .map(|_| ())
    }

    /// A file an agent attached, up to `max_bytes`.
    pub async fn attachment(
        &self,
        access: &ThuliumAccess,
        location: &str,
        max_bytes: usize,
    ) -> Result<Vec<u8>, ThuliumError> {
        self.fetch_bytes(access, location, max_bytes).await
    }

    pub async fn ticket_queues(&self, access: &ThuliumAccess) -> Result<Vec<Named>, ThuliumError> {
        self.named(access, "ticket_queues").await
    }

    pub async fn ticket_categories(
        &self,
        access: &ThuliumAccess,
    ) -> Result<Vec<Named>, ThuliumError> {
        self.named(access, "ticket_categories").await
    }

    async fn named(&self, access: &ThuliumAccess, path: &str) -> Result<Vec<Named>, ThuliumError> {
        let answer = self.get_json(access, path, &[]).await?;
        let items =
            list_of(&answer).ok_or_else(|| ThuliumError::Garbled(format!("{path}: no list")))?;
        Ok(items
            .iter()
            .filter_map(|item| {
                Some(Named {
                    id: id_of(item.get("id"))?,
                    name: item.get("name")?.as_str()?.trim().to_owned(),
                })
            })
            .collect())
    }
}
