//! What one poll found, as steps to queue: pure, so the rules (which
//! messages, which replies, when the automatic reply) are tested alone.

use crate::db::EmpikIntegration;
use crate::domain::empik::{AgentReply, AutoReply, EmpikPlan, ReplyAttachment, ThreadMessage};
use crate::empik::InboxThread;
use crate::thulium::Ticket;
use serde::{Deserialize, Serialize};

/// Thulium's message types that are an agent's answer to the customer;
/// comments, notes and the customer's own messages are never sent.
const AGENT_REPLY_KINDS: [&str; 3] = ["AGENT_RESPONSE", "RESPONSE", "AGENT_MAIL"];

/// The poller's memory, per integration (stored with the steps it queued).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct PollState {
    /// When the integration was switched on: nothing older is taken.
    pub started_at: i64,
    /// Threads updated since this (less an overlap) are read next.
    pub threads_since: i64,
    /// Tickets modified since this (less an overlap) are read next.
    pub tickets_since: i64,
}

impl PollState {
    pub fn of(integration: &EmpikIntegration, now: i64) -> Self {
        integration
            .poll_state
            .as_deref()
            .and_then(|raw| serde_json::from_str(raw).ok())
            .unwrap_or(Self {
                started_at: integration.updated_at.min(now),
                threads_since: integration.updated_at.min(now),
                tickets_since: integration.updated_at.min(now),
            })
    }
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
    for message in &thread.messages {
        let Some(from) = message.from else { continue };
        let sent_at = message.sent_at.unwrap_or(now);
        if sent_at < state.started_at {
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
    let new_thread = thread.created_at.unwrap_or(now) >= state.started_at;
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
        .filter(|m| m.at.is_none_or(|at| at >= state.started_at))
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
