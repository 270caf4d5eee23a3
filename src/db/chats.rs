//! Thulium chats between their notifications, as stored: the close carries
//! no e-mail, so the creation's e-mail and whether an agent took the chat
//! are kept until then — in the database, so that a chat's start and end
//! may reach different instances, or the same one across a restart.

use crate::domain::RespondentEmail;
use async_trait::async_trait;
use uuid::Uuid;

/// What a notification tells about a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatChange {
    /// `CHAT_CONVERSATION_CREATED`, with the customer's e-mail if valid.
    Created { email: Option<RespondentEmail> },
    /// `CHAT_AGENT_ASSIGNED`.
    AgentAssigned,
}

/// A chat as remembered at its close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredChat {
    /// As stored, checked again (an address a later rule refuses reads as
    /// none, and the chat's close as one of an unknown customer).
    pub email: Option<RespondentEmail>,
    pub agent_assigned: bool,
}

#[async_trait]
pub trait ChatStore: Send + Sync + 'static {
    /// Notes the change, starting the chat if it is new, and forgets every
    /// chat last touched before `forget_before` (abandoned, never closed).
    async fn note_chat(
        &self,
        contact_center_id: Uuid,
        conversation: &str,
        change: ChatChange,
        at: i64,
        forget_before: i64,
    ) -> anyhow::Result<()>;
    /// Takes the chat out at its close: `None` when it is unknown or was
    /// last touched before `forget_before`. Of two closes at once, one gets it.
    async fn finish_chat(
        &self,
        contact_center_id: Uuid,
        conversation: &str,
        forget_before: i64,
    ) -> anyhow::Result<Option<StoredChat>>;
}

/// The statement of a change: an upsert keyed by integration and
/// conversation, the same text for both backends but for the placeholders
/// (`$n` for PostgreSQL, `?n` for SQLite).
pub(crate) fn note_statement(change: &ChatChange, placeholder: char) -> String {
    let set = match change {
        ChatChange::Created { .. } => "email = excluded.email",
        ChatChange::AgentAssigned => "agent_assigned = excluded.agent_assigned",
    };
    format!(
        "INSERT INTO thulium_chats (contact_center_id, conversation, email, agent_assigned, touched_at) \
         VALUES ({p}1, {p}2, {p}3, {p}4, {p}5) \
         ON CONFLICT (contact_center_id, conversation) DO UPDATE SET {set}, touched_at = excluded.touched_at",
        p = placeholder
    )
}

impl ChatChange {
    /// The e-mail and the agent flag (0/1) the change writes into a new row.
    pub(crate) fn columns(&self) -> (Option<&str>, i64) {
        match self {
            Self::Created { email } => (email.as_ref().map(RespondentEmail::as_str), 0),
            Self::AgentAssigned => (None, 1),
        }
    }
}
