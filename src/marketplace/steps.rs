//! What one poll found, as steps to queue: pure, so the rules (which
//! messages, which replies, when the automatic reply) are tested alone.

use crate::db::EmpikIntegration;
pub use crate::domain::empik::PollState;
use crate::domain::empik::{AgentReply, AutoReply, EmpikPlan, ReplyAttachment, ThreadMessage};
use crate::empik::InboxThread;
use crate::thulium::Ticket;

/// Thulium's message types that are an agent's answer to the customer;
/// comments, notes and the customer's own messages are never sent.
const AGENT_REPLY_KINDS: [&str; 3] = ["AGENT_RESPONSE", "RESPONSE", "AGENT_MAIL"];

/// Each poll reads back this far before its marks: something updated while
/// the previous poll ran is read again (and recognised as a replay by its
/// unique step id). Older messages were seen by an earlier poll and are not
/// taken again, even after retention deleted their deliveries.
pub const OVERLAP_MS: i64 = 5 * 60 * 1000;

/// The integration's stored marks; from its last save when it has none.
pub fn poll_state(integration: &EmpikIntegration, now: i64) -> PollState {
    integration
        .poll_state
        .as_deref()
        .and_then(|raw| serde_json::from_str(raw).ok())
        .unwrap_or(PollState::starting(integration.updated_at.min(now)))
}

/// The steps one thread brings: its messages written since the integration
/// was switched on (less the ones ankieter sent itself), and the automatic
/// reply when the thread itself is new.
pub fn thread_steps(
    integration: &EmpikIntegration,
    state: &PollState,
    thread: &InboxThread,
    sent_hashes: &[String],
    order: Option<crate::domain::empik::OrderContext>,
    now: i64,
) -> Vec<EmpikPlan> {
    let mut steps = Vec::new();
    let mut order = order;
    let from_when = state.started_at.max(state.threads_since - OVERLAP_MS);
    for message in &thread.messages {
        let Some(from) = message.from else { continue };
        let sent_at = message.sent_at.unwrap_or(now);
        if sent_at < from_when {
            continue;
        }
        if from == crate::domain::empik::Party::Shop
            && sent_hashes.contains(&crate::delivery::sent_hash(&message.body))
        {
            continue;
        }
        steps.push(EmpikPlan::Message(ThreadMessage {
            integration_id: integration.id,
            thread_id: thread.id.clone(),
            message_id: message.id.clone(),
            from,
            customer_id: thread.customer_id.clone(),
            customer_name: thread.customer_name.clone(),
            topic: thread.topic.clone(),
            // Only the thread's first message opens the ticket.
            order: order.take(),
            body: message.body.clone(),
            attachment_names: message.attachment_names.clone(),
            sent_at,
        }));
    }
    let new_thread = thread.created_at.unwrap_or(now) >= from_when;
    let from_customer = thread
        .messages
        .iter()
        .any(|m| m.from == Some(crate::domain::empik::Party::Customer));
    if let (Some(text), true, true) = (&integration.auto_reply, new_thread, from_customer) {
        if !text.trim().is_empty() {
            steps.push(EmpikPlan::AutoReply(AutoReply {
                integration_id: integration.id,
                thread_id: thread.id.clone(),
                body: text.clone(),
            }));
        }
    }
    steps
}

/// The agents' replies in a thread's ticket since the integration was
/// switched on.
pub fn reply_steps(
    integration: &EmpikIntegration,
    state: &PollState,
    thread_id: &str,
    ticket: &Ticket,
) -> Vec<EmpikPlan> {
    ticket
        .messages
        .iter()
        .filter(|m| AGENT_REPLY_KINDS.contains(&m.kind.as_str()))
        .filter(|m| {
            m.at.is_none_or(|at| at >= state.started_at.max(state.tickets_since - OVERLAP_MS))
        })
        .filter(|m| {
            m.body.as_deref().is_some_and(|b| !b.trim().is_empty()) || !m.attachments.is_empty()
        })
        .map(|m| {
            EmpikPlan::Reply(AgentReply {
                integration_id: integration.id,
                thread_id: thread_id.to_owned(),
                ticket_id: ticket.id.clone(),
                message_id: m.id.clone(),
                body: m.body.clone().unwrap_or_default(),
                attachments: m
                    .attachments
                    .iter()
                    .map(|(name, size, location)| ReplyAttachment {
                        name: name.clone(),
                        size: *size,
                        location: location.clone(),
                    })
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::StoredThulium;
    use crate::empik::InboxMessage;

    const MINUTE: i64 = 60_000;

    fn integration() -> EmpikIntegration {
        EmpikIntegration {
            id: uuid::Uuid::nil(),
            account_id: uuid::Uuid::nil(),
            shop_id: "2001".into(),
            api_url: "https://marketplace.empik.com/api".into(),
            api_key_encrypted: String::new(),
            thulium: StoredThulium {
                url: "https://acme.thulium.com/api".into(),
                user: "api".into(),
                password_encrypted: String::new(),
            },
            queue_id: "7".into(),
            category_id: None,
            customer_field: "empik_id".into(),
            auto_reply: Some("Odpowiemy jutro".into()),
            poll_seconds: 60,
            enabled: true,
            paused_reason: None,
            poll_state: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn message(id: &str, minute: i64) -> InboxMessage {
        InboxMessage {
            id: id.into(),
            from: Some(crate::domain::empik::Party::Customer),
            author: None,
            author_id: None,
            body: "treść".into(),
            attachment_names: Vec::new(),
            sent_at: Some(minute * MINUTE),
        }
    }

    #[test]
    fn a_thread_read_again_brings_only_what_is_new_since_the_last_poll() {
        let thread = InboxThread {
            id: "t-1".into(),
            topic: "Pytanie".into(),
            order_id: None,
            customer_id: Some("c-9".into()),
            customer_name: None,
            created_at: Some(10 * MINUTE),
            messages: vec![message("m-1", 10), message("m-2", 100)],
        };
        let first = PollState {
            started_at: 0,
            threads_since: 0,
            tickets_since: 0,
        };
        let steps = thread_steps(&integration(), &first, &thread, &[], None, 11 * MINUTE);
        assert_eq!(steps.len(), 3, "both messages and the automatic reply");
        // Long after: retention may have deleted the first steps; only the
        // message written since the last poll (less the overlap) is taken,
        // and the old thread gets no second automatic reply.
        let later = PollState {
            started_at: 0,
            threads_since: 99 * MINUTE,
            tickets_since: 99 * MINUTE,
        };
        let steps = thread_steps(&integration(), &later, &thread, &[], None, 101 * MINUTE);
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].interaction_id(), "thread-t-1-msg-m-2");
    }
}
