//! A customer interaction in a contact center (a ticket message, a rating,
//! a closed chat, a call), checked once where it arrives: the generic API,
//! Thulium's webhooks or its polled REST API all produce this type.

use super::property::cut_utf16;
use super::RespondentEmail;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The six kinds of interaction, in the order of the product's event table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionType {
    TicketMessageReceived,
    TicketRatingReceived,
    TicketClosed,
    ChatConversationClosed,
    IncomingCallAbandoned,
    IncomingCallCompleted,
}

/// Which channel an interaction came through: the admin forwards channels
/// and their queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Tickets,
    Chats,
    Calls,
}

impl InteractionType {
    pub const ALL: [Self; 6] = [
        Self::TicketMessageReceived,
        Self::TicketRatingReceived,
        Self::TicketClosed,
        Self::ChatConversationClosed,
        Self::IncomingCallAbandoned,
        Self::IncomingCallCompleted,
    ];

    /// As the API names it (`ticket_message_received`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TicketMessageReceived => "ticket_message_received",
            Self::TicketRatingReceived => "ticket_rating_received",
            Self::TicketClosed => "ticket_closed",
            Self::ChatConversationClosed => "chat_conversation_closed",
            Self::IncomingCallAbandoned => "incoming_call_abandoned",
            Self::IncomingCallCompleted => "incoming_call_completed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    /// The event's name after the integration's prefix: SALESmanago's
    /// automation rules match on `<PREFIX>_<this>`.
    pub fn event_suffix(self) -> &'static str {
        match self {
            Self::TicketMessageReceived => "TICKET_MESSAGE_RECEIVED",
            Self::TicketRatingReceived => "TICKET_RATING_RECEIVED",
            Self::TicketClosed => "TICKET_CLOSED",
            Self::ChatConversationClosed => "CHAT_CONVERSATION_CLOSED",
            Self::IncomingCallAbandoned => "INCOMING_CALL_ABANDONED",
            Self::IncomingCallCompleted => "INCOMING_CALL_COMPLETED",
        }
    }

    pub fn channel(self) -> Channel {
        match self {
            Self::TicketMessageReceived | Self::TicketRatingReceived | Self::TicketClosed => {
                Channel::Tickets
            }
            Self::ChatConversationClosed => Channel::Chats,
            Self::IncomingCallAbandoned | Self::IncomingCallCompleted => Channel::Calls,
        }
    }
}

impl fmt::Display for InteractionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who handled a chat: the event's detail4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandledBy {
    Chatbot,
    Agent,
}

impl HandledBy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chatbot => "chatbot",
            Self::Agent => "agent",
        }
    }
}

/// What only some kinds carry, required exactly where the event table uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InteractionDetail {
    None,
    Rating {
        rating: i64,
    },
    Chat {
        handled_by: HandledBy,
    },
    /// Whole seconds the caller waited before hanging up.
    Wait {
        seconds: u32,
    },
    /// Whole seconds the caller talked with an agent.
    Talk {
        seconds: u32,
    },
}

/// A queue of a channel (infoline, ticket or chat queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub id: String,
    /// Unknown when a webhook does not carry it and no API user is set.
    pub name: Option<String>,
}

/// An interaction's own id: stable, so that a repeat is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InteractionId(String);

impl InteractionId {
    pub const MAX_LEN: usize = 200;

    /// 1–200 UTF-16 units of visible text (no control characters, no
    /// surrounding space): with the integration's name in front it is the
    /// event's `externalId`, which SALESmanago keeps to 255.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("is empty");
        }
        if raw.encode_utf16().count() > Self::MAX_LEN {
            return Err("is longer than 200 characters");
        }
        if raw.chars().any(char::is_control) {
            return Err("contains control characters");
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One interaction, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    pub id: InteractionId,
    pub kind: InteractionType,
    /// When it happened, ms since the epoch.
    pub occurred_at: i64,
    pub email: RespondentEmail,
    pub queue: Queue,
    pub detail: InteractionDetail,
}

/// Queue ids and names are sent as event details: at most 255 UTF-16 units,
/// control characters dropped.
pub fn detail_text(raw: &str) -> Option<String> {
    let visible: String = raw.chars().filter(|c| !c.is_control()).collect();
    let visible = visible.trim();
    if visible.is_empty() {
        return None;
    }
    Some(cut_utf16(visible, 255).0.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::arbitrary::any_text;
    use proptest::prelude::*;

    #[test]
    fn types_round_trip_through_their_api_names() {
        for kind in InteractionType::ALL {
            assert_eq!(InteractionType::parse(kind.as_str()), Some(kind));
            assert_eq!(kind.as_str().to_uppercase(), kind.event_suffix());
        }
        assert_eq!(InteractionType::parse("TICKET_CLOSED"), None);
    }

    #[test]
    fn ids_are_visible_text() {
        assert_eq!(
            InteractionId::parse(" ticket-1-msg-2 ").unwrap().as_str(),
            "ticket-1-msg-2"
        );
        assert!(InteractionId::parse("").is_err());
        assert!(InteractionId::parse("a\u{0}b").is_err());
        assert!(InteractionId::parse(&"x".repeat(201)).is_err());
    }

    proptest! {
        #[test]
        fn details_are_never_empty_never_long_never_control(raw in any_text()) {
            if let Some(text) = detail_text(&raw) {
                prop_assert!(!text.is_empty());
                prop_assert!(text.encode_utf16().count() <= 255);
                prop_assert!(!text.chars().any(char::is_control));
            }
        }
    }
}
