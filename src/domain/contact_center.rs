//! A contact-center integration's rules: its name (and SALESmanago location),
//! the events' prefix and types, which channels and queues are forwarded,
//! and what happens when SALESmanago has no such contact.

use super::interaction::{Channel, Interaction, InteractionType};
use super::Tag;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An integration's name: 3–36 lowercase letters, digits, `-` or `_`,
/// unique in its account. In SALESmanago's location form (`-` as `_`) it
/// is every event's `location`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IntegrationName(String);

impl IntegrationName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim().to_lowercase();
        let length = name.chars().count();
        if !(3..=36).contains(&length) {
            return Err("must be 3 to 36 characters long".into());
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err("may hold only letters a–z, digits, '-' and '_'".into());
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// SALESmanago's location: letters, digits and `_`, 3–36 characters.
    pub fn location(&self) -> String {
        self.0.replace('-', "_")
    }
}

/// The start of every event name (`THULIUM` → `THULIUM_TICKET_CLOSED`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventPrefix(String);

impl EventPrefix {
    pub const DEFAULT: &'static str = "THULIUM";

    /// 1–40 letters A–Z, digits or `_`, upper-cased; a trailing `_` is the
    /// separator and is dropped.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let prefix = raw.trim().trim_end_matches('_').to_uppercase();
        if prefix.is_empty() || prefix.len() > 40 {
            return Err("must be 1 to 40 characters long".into());
        }
        if !prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            return Err("may hold only letters A–Z, digits and '_'".into());
        }
        Ok(Self(prefix))
    }

    pub fn event_name(&self, kind: InteractionType) -> String {
        format!("{}_{}", self.0, kind.event_suffix())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for EventPrefix {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

/// SALESmanago's `contactExtEventType` values.
pub const EXT_EVENT_TYPES: &[&str] = &[
    "OTHER",
    "PHONE_CALL",
    "PURCHASE",
    "CART",
    "VISIT",
    "RESERVATION",
    "CANCELLED",
    "ACTIVATION",
    "MEETING",
    "OFFER",
    "DOWNLOAD",
    "LOGIN",
    "TRANSACTION",
    "CANCELLATION",
    "RETURN",
    "SURVEY",
];

/// One of [`EXT_EVENT_TYPES`], given in any case.
pub fn parse_event_type(raw: &str) -> Result<String, String> {
    let upper = raw.trim().to_uppercase();
    if EXT_EVENT_TYPES.contains(&upper.as_str()) {
        Ok(upper)
    } else {
        Err(format!(
            "'{}' is not a SALESmanago event type (one of {})",
            raw.trim(),
            EXT_EVENT_TYPES.join(", ")
        ))
    }
}

/// Which queues of a channel are forwarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "forward", content = "queues", rename_all = "snake_case")]
pub enum Forward {
    /// Every queue of the channel.
    #[default]
    All,
    /// Only these queue ids.
    Queues(Vec<String>),
    /// Nothing of the channel.
    Off,
}

impl Forward {
    /// `all`, `none` (or `off`), or queue ids separated by commas.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        match raw.to_lowercase().as_str() {
            "" | "all" | "*" => return Ok(Self::All),
            "none" | "off" => return Ok(Self::Off),
            _ => {}
        }
        let mut queues = Vec::new();
        for id in raw.split(',').map(str::trim).filter(|id| !id.is_empty()) {
            if id.len() > 64 || id.chars().any(|c| c.is_control() || c.is_whitespace()) {
                return Err(format!("'{id}' is not a queue id"));
            }
            if !queues.iter().any(|q| q == id) {
                queues.push(id.to_owned());
            }
        }
        Ok(if queues.is_empty() {
            Self::All
        } else {
            Self::Queues(queues)
        })
    }

    pub fn includes(&self, queue_id: &str) -> bool {
        match self {
            Self::All => true,
            Self::Queues(ids) => ids.iter().any(|id| id == queue_id),
            Self::Off => false,
        }
    }

    /// As [`Forward::parse`] reads it back.
    pub fn describe(&self) -> String {
        match self {
            Self::All => "all".into(),
            Self::Queues(ids) => ids.join(","),
            Self::Off => "none".into(),
        }
    }
}

/// Everything an integration decides about its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCenterRules {
    pub prefix: EventPrefix,
    /// Off: an event for an e-mail SALESmanago does not know is ignored.
    pub add_missing_contacts: bool,
    /// The tag a contact added for an event gets (none: no tag).
    #[serde(default)]
    pub new_contact_tag: Option<String>,
    pub tickets: Forward,
    pub chats: Forward,
    pub calls: Forward,
    /// `contactExtEventType` per kind where it is not the default.
    #[serde(default)]
    pub event_types: BTreeMap<InteractionType, String>,
}

impl Default for ContactCenterRules {
    fn default() -> Self {
        Self {
            prefix: EventPrefix::default(),
            add_missing_contacts: false,
            new_contact_tag: None,
            tickets: Forward::All,
            chats: Forward::All,
            calls: Forward::All,
            event_types: BTreeMap::new(),
        }
    }
}

impl ContactCenterRules {
    pub fn forward(&self, channel: Channel) -> &Forward {
        match channel {
            Channel::Tickets => &self.tickets,
            Channel::Chats => &self.chats,
            Channel::Calls => &self.calls,
        }
    }

    /// Whether the interaction's channel and queue are forwarded.
    pub fn forwards(&self, interaction: &Interaction) -> bool {
        self.forward(interaction.kind.channel())
            .includes(&interaction.queue.id)
    }

    /// `PHONE_CALL` for calls and `OTHER` for the rest, unless set.
    pub fn event_type(&self, kind: InteractionType) -> &str {
        if let Some(set) = self.event_types.get(&kind) {
            return set;
        }
        match kind.channel() {
            Channel::Calls => "PHONE_CALL",
            _ => "OTHER",
        }
    }

    pub fn new_contact_tag(&self) -> Option<Tag> {
        self.new_contact_tag.as_deref().and_then(Tag::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_salesmanago_locations() {
        let name = IntegrationName::parse(" Thulium-Main ").unwrap();
        assert_eq!(name.as_str(), "thulium-main");
        assert_eq!(name.location(), "thulium_main");
        assert!(IntegrationName::parse("ab").is_err());
        assert!(IntegrationName::parse(&"a".repeat(37)).is_err());
        assert!(IntegrationName::parse("thulium main").is_err());
        assert!(IntegrationName::parse("thulium.main").is_err());
    }

    #[test]
    fn prefixes_name_the_events() {
        let prefix = EventPrefix::parse("genesys_").unwrap();
        assert_eq!(
            prefix.event_name(InteractionType::TicketClosed),
            "GENESYS_TICKET_CLOSED"
        );
        assert_eq!(
            EventPrefix::default().event_name(InteractionType::IncomingCallCompleted),
            "THULIUM_INCOMING_CALL_COMPLETED"
        );
        assert!(EventPrefix::parse("").is_err());
        assert!(EventPrefix::parse("THU LIUM").is_err());
        assert!(EventPrefix::parse("ŻÓŁW").is_err());
    }

    #[test]
    fn queues_are_all_none_or_a_list() {
        assert_eq!(Forward::parse("").unwrap(), Forward::All);
        assert_eq!(Forward::parse("none").unwrap(), Forward::Off);
        let some = Forward::parse("32, 33,32").unwrap();
        assert_eq!(some, Forward::Queues(vec!["32".into(), "33".into()]));
        assert!(some.includes("33") && !some.includes("34"));
        assert_eq!(Forward::parse(&some.describe()).unwrap(), some);
        assert!(Forward::parse("3 2").is_err());
    }

    #[test]
    fn calls_are_phone_calls_unless_set() {
        let mut rules = ContactCenterRules::default();
        assert_eq!(
            rules.event_type(InteractionType::IncomingCallAbandoned),
            "PHONE_CALL"
        );
        assert_eq!(rules.event_type(InteractionType::TicketClosed), "OTHER");
        rules
            .event_types
            .insert(InteractionType::TicketClosed, "CANCELLATION".into());
        assert_eq!(
            rules.event_type(InteractionType::TicketClosed),
            "CANCELLATION"
        );
        assert_eq!(parse_event_type("phone_call").unwrap(), "PHONE_CALL");
        assert!(parse_event_type("PHONECALL").is_err());
    }
}
