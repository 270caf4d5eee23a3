//! What an EmpikPlace integration sends, fixed when the poller reads it: a
//! thread's message into its Thulium ticket, an agent's reply into the
//! thread, or the automatic reply. Stored as a delivery of kind `empik`,
//! unique per (integration, [`EmpikPlan::interaction_id`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Mirakl's limit on what one conversation's attachments may weigh.
pub const MAX_ATTACHMENTS_BYTES: u64 = 10 * 1024 * 1024;

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
    /// Switched on at `at`: nothing written before is taken.
    pub fn starting(at: i64) -> Self {
        Self {
            started_at: at,
            threads_since: at,
            tickets_since: at,
        }
    }
}

/// Who wrote a message in an EmpikPlace thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Customer,
    /// The shop's own staff, in EmpikPlace's seller panel.
    Shop,
    /// Empik, the marketplace's operator.
    Operator,
}

impl Party {
    /// Mirakl's `from.type` (`CUSTOMER`, `SHOP_USER`, `OPERATOR_USER`…).
    pub fn from_mirakl(raw: &str) -> Option<Self> {
        let raw = raw.to_ascii_uppercase();
        if raw.starts_with("CUSTOMER") {
            Some(Self::Customer)
        } else if raw.starts_with("SHOP") {
            Some(Self::Shop)
        } else if raw.starts_with("OPERATOR") {
            Some(Self::Operator)
        } else {
            None
        }
    }
}

/// One product of the order a thread is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub title: String,
    pub sku: String,
    pub quantity: i64,
    /// As EmpikPlace gives it (`123.45`), with no currency arithmetic here.
    pub price: String,
}

/// The order a thread is about, read when the thread's first message is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderContext {
    pub order_id: String,
    pub lines: Vec<OrderLine>,
}

/// A message of an EmpikPlace thread, for its Thulium ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadMessage {
    pub integration_id: Uuid,
    pub thread_id: String,
    pub message_id: String,
    pub from: Party,
    /// The thread's EmpikPlace customer (the CRM customer's key).
    pub customer_id: Option<String>,
    /// The customer's name as EmpikPlace shows it (a new CRM customer's name).
    pub customer_name: Option<String>,
    /// The thread's topic: a new ticket's subject.
    pub topic: String,
    pub order: Option<OrderContext>,
    pub body: String,
    pub attachment_names: Vec<String>,
    /// When it was written in EmpikPlace (ms).
    pub sent_at: i64,
}

/// A file an agent attached to a reply, as Thulium lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyAttachment {
    pub name: String,
    pub size: u64,
    /// Where Thulium serves it (a path under its API or a full URL there).
    pub location: String,
}

/// An agent's reply in the ticket, for the EmpikPlace thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentReply {
    pub integration_id: Uuid,
    pub thread_id: String,
    pub ticket_id: String,
    /// Thulium's id of the reply.
    pub message_id: String,
    pub body: String,
    pub attachments: Vec<ReplyAttachment>,
}

impl AgentReply {
    pub fn attachments_bytes(&self) -> u64 {
        self.attachments.iter().map(|a| a.size).sum()
    }
}

/// The integration's automatic reply to a new thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoReply {
    pub integration_id: Uuid,
    pub thread_id: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum EmpikPlan {
    Message(ThreadMessage),
    Reply(AgentReply),
    AutoReply(AutoReply),
}

impl EmpikPlan {
    pub fn integration_id(&self) -> Uuid {
        match self {
            Self::Message(m) => m.integration_id,
            Self::Reply(r) => r.integration_id,
            Self::AutoReply(a) => a.integration_id,
        }
    }

    pub fn thread_id(&self) -> &str {
        match self {
            Self::Message(m) => &m.thread_id,
            Self::Reply(r) => &r.thread_id,
            Self::AutoReply(a) => &a.thread_id,
        }
    }

    /// Unique within the integration: a step read twice is queued once.
    pub fn interaction_id(&self) -> String {
        match self {
            Self::Message(m) => format!("thread-{}-msg-{}", m.thread_id, m.message_id),
            Self::Reply(r) => format!("ticket-{}-reply-{}", r.ticket_id, r.message_id),
            Self::AutoReply(a) => format!("thread-{}-auto", a.thread_id),
        }
    }

    /// Calls one attempt may make: a thread's first message finds or adds
    /// the customer and creates the ticket; a reply fetches its files (under
    /// one timeout), posts, and may leave a note on the ticket.
    pub fn most_calls(&self) -> u64 {
        match self {
            Self::Message(_) | Self::Reply(_) => 3,
            Self::AutoReply(_) => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirakl_parties_are_read_by_prefix() {
        assert_eq!(Party::from_mirakl("CUSTOMER"), Some(Party::Customer));
        assert_eq!(Party::from_mirakl("shop_user"), Some(Party::Shop));
        assert_eq!(Party::from_mirakl("OPERATOR_USER"), Some(Party::Operator));
        assert_eq!(Party::from_mirakl("BOT"), None);
    }

    #[test]
    fn a_plan_survives_its_storage() {
        let plan = EmpikPlan::AutoReply(AutoReply {
            integration_id: Uuid::nil(),
            thread_id: "t-1".into(),
            body: "Odpowiemy w 24 h".into(),
        });
        let stored = serde_json::to_string(&plan).unwrap();
        assert!(stored.contains("\"step\":\"auto_reply\""));
        assert_eq!(serde_json::from_str::<EmpikPlan>(&stored).unwrap(), plan);
        assert_eq!(plan.interaction_id(), "thread-t-1-auto");
    }
}
