//! A thread's message into its Thulium ticket. The thread's first message
//! finds the CRM customer by the integration's customer field (or adds
//! them) and opens the ticket with the order's context; later messages go
//! into that ticket in the order they were written. The shop's and Empik's
//! own messages become internal comments, marked, so they are never sent
//! back to the customer as a reply.

use super::{EmpikSender, Target};
use crate::db::{ClaimedDelivery, DeliveryOutcome, EmpikThread};
use crate::domain::empik::{Party, ThreadMessage};
use crate::thulium::NewTicket;

/// How soon a message waiting for an earlier one of its thread is tried again.
const WAIT_FOR_EARLIER_MS: i64 = 2_000;

impl EmpikSender {
    pub(super) async fn message(
        &self,
        target: &Target,
        delivery: &ClaimedDelivery,
        message: &ThreadMessage,
        now: i64,
    ) -> DeliveryOutcome {
        match self
            .store
            .empik_earlier_pending(
                target.integration.id,
                &message.thread_id,
                delivery.id,
                delivery.created_at,
            )
            .await
        {
            Ok(false) => {}
            Ok(true) => {
                return DeliveryOutcome::Retry {
                    request_kind: None,
                    next_attempt_at: now + WAIT_FOR_EARLIER_MS,
                    error: "waiting for an earlier message of the thread".into(),
                    written_contact: None,
                }
            }
            Err(error) => {
                return super::retry(format!("{error:#}"), None, None, delivery, now);
            }
        }
        let thread = match self
            .store
            .empik_thread(target.integration.id, &message.thread_id)
            .await
        {
            Ok(thread) => thread,
            Err(error) => return super::retry(format!("{error:#}"), None, None, delivery, now),
        };
        let text = text(message);
        let Some(thread) = thread else {
            return self
                .open_ticket(target, delivery, message, &text, now)
                .await;
        };
        let (kind, result) = match message.from {
            Party::Customer => (
                "ticket message",
                self.thulium
                    .add_customer_message(&target.thulium, &thread.ticket_id, &text)
                    .await,
            ),
            Party::Shop | Party::Operator => (
                "ticket comment",
                self.thulium
                    .add_comment(&target.thulium, &thread.ticket_id, &text)
                    .await,
            ),
        };
        match result {
            Ok(()) => DeliveryOutcome::Delivered {
                request_kind: kind.into(),
                contact_id: Some(thread.ticket_id),
            },
            Err(error) => {
                self.thulium_failed(target, error, kind, delivery, now)
                    .await
            }
        }
    }

    /// The thread's first message: its customer, then its ticket.
    async fn open_ticket(
        &self,
        target: &Target,
        delivery: &ClaimedDelivery,
        message: &ThreadMessage,
        text: &str,
        now: i64,
    ) -> DeliveryOutcome {
        let integration = &target.integration;
        let customer_id = match &message.customer_id {
            None => None,
            Some(empik_id) => {
                let found = self
                    .thulium
                    .find_customer(&target.thulium, &integration.customer_field, empik_id)
                    .await;
                let found = match found {
                    Ok(Some(id)) => Ok(id),
                    Ok(None) => {
                        let name = message.customer_name.as_deref().unwrap_or(empik_id);
                        self.thulium
                            .create_customer(
                                &target.thulium,
                                name,
                                &integration.customer_field,
                                empik_id,
                            )
                            .await
                    }
                    Err(error) => Err(error),
                };
                match found {
                    Ok(id) => Some(id),
                    Err(error) => {
                        return self
                            .thulium_failed(target, error, "customer", delivery, now)
                            .await
                    }
                }
            }
        };
        let body = format!("{text}\n\n{}", context(integration, message));
        let subject = if message.topic.trim().is_empty() {
            "EmpikPlace"
        } else {
            message.topic.as_str()
        };
        let ticket = NewTicket {
            subject,
            queue_id: &integration.queue_id,
            category_id: integration.category_id.as_deref(),
            customer_id: customer_id.as_deref(),
            body: &body,
        };
        let ticket_id = match self.thulium.create_ticket(&target.thulium, &ticket).await {
            Ok(id) => id,
            Err(error) => {
                return self
                    .thulium_failed(target, error, "new ticket", delivery, now)
                    .await
            }
        };
        let thread = EmpikThread {
            thread_id: message.thread_id.clone(),
            ticket_id: ticket_id.clone(),
            customer_id,
        };
        if let Err(error) = self
            .store
            .save_empik_thread(integration.id, &thread, now)
            .await
        {
            // The ticket exists; without its row the next message would
            // open another. Failing loudly lets an admin see it in the ledger.
            return super::failed(
                Some("new ticket".into()),
                format!("ticket {ticket_id} was opened but cannot be kept: {error:#}"),
            );
        }
        DeliveryOutcome::Delivered {
            request_kind: "new ticket".into(),
            contact_id: Some(ticket_id),
        }
    }
}

/// The message as the ticket shows it: the shop's and Empik's marked.
fn text(message: &ThreadMessage) -> String {
    let mut text = match message.from {
        Party::Customer => message.body.clone(),
        Party::Shop => format!("[EmpikPlace — wiadomość sklepu]\n{}", message.body),
        Party::Operator => format!(
            "[EmpikPlace — wiadomość Empik (operator)]\n{}",
            message.body
        ),
    };
    if !message.attachment_names.is_empty() {
        text.push_str(&format!(
            "\n\n[Załączniki w EmpikPlace: {}]",
            message.attachment_names.join(", ")
        ));
    }
    text
}

/// The seller panel's address (the API's without `/api`).
fn panel(api_url: &str) -> String {
    api_url
        .trim_end_matches('/')
        .trim_end_matches("/api")
        .to_owned()
}

/// The order and conversation the ticket is about, below its first message.
fn context(integration: &crate::db::EmpikIntegration, message: &ThreadMessage) -> String {
    let panel = panel(&integration.api_url);
    let mut lines = vec![
        "— EmpikPlace —".to_owned(),
        format!(
            "Rozmowa: {panel}/mmp/shop/inbox/thread/{}",
            message.thread_id
        ),
    ];
    if let Some(order) = &message.order {
        lines.push(format!(
            "Zamówienie {}: {panel}/mmp/shop/order/{}",
            order.order_id, order.order_id
        ));
        for line in &order.lines {
            lines.push(format!(
                "• {} (SKU {}) × {} — {}",
                line.title, line.sku, line.quantity, line.price
            ));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_is_the_api_without_its_path() {
        assert_eq!(
            panel("https://marketplace.empik.com/api/"),
            "https://marketplace.empik.com"
        );
    }
}
