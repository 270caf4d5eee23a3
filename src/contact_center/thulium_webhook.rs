//! Thulium's chat notifications (its webhooks) into interactions:
//! `CHAT_CONVERSATION_CREATED` brings the customer's e-mail,
//! `CHAT_AGENT_ASSIGNED` that an agent took the chat, and
//! `CHAT_CONVERSATION_CLOSED` (no e-mail) the event: handled by `agent` if
//! one was assigned, else by the `chatbot`.

use super::{Accepted, Interactions};
use crate::db::{ChatChange, ContactCenter, StoredChat};
use crate::domain::{
    HandledBy, Interaction, InteractionDetail, InteractionId, InteractionType, Queue,
    RespondentEmail,
};
use serde::Deserialize;

/// How long a chat is remembered after its last notification: a chat is
/// minutes long; one never closed is forgotten after this.
pub const CHAT_KEPT_FOR_MS: i64 = 24 * 60 * 60 * 1000;

/// A notification as Thulium sends it, as JSON or form fields. Every field
/// but `action` is optional here: what each action needs is checked below.
#[derive(Debug, Deserialize, Default)]
pub struct ChatNotification {
    #[serde(default)]
    pub action: String,
    #[serde(default, deserialize_with = "text")]
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub client_email: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub chat_queue_id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub date: Option<String>,
    #[serde(default)]
    pub agent_login: Option<String>,
}

/// Ids come as numbers in JSON and as text in forms.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// What a notification did (the adapter answers 2xx to every one of them:
/// Thulium would retry an error forever).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// Remembered for the chat's close.
    Noted,
    /// The close became an interaction.
    Event(Accepted),
    /// A close for a chat ankieter does not know (or without an e-mail).
    UnknownConversation,
    /// A notification without what its action needs.
    Incomplete(&'static str),
    /// An action ankieter does not use.
    UnknownAction,
}

impl Interactions {
    async fn note_chat(
        &self,
        integration: &ContactCenter,
        conversation: &str,
        change: ChatChange,
        at: i64,
    ) -> anyhow::Result<()> {
        self.store
            .note_chat(
                integration.id,
                conversation,
                change,
                at,
                at - CHAT_KEPT_FOR_MS,
            )
            .await
    }

    pub async fn thulium_chat(
        &self,
        integration: &ContactCenter,
        notification: ChatNotification,
        received_at: i64,
    ) -> anyhow::Result<WebhookOutcome> {
        let action = notification.action.trim().to_uppercase();
        let known = matches!(
            action.as_str(),
            "CHAT_CONVERSATION_CREATED" | "CHAT_AGENT_ASSIGNED" | "CHAT_CONVERSATION_CLOSED"
        );
        self.count_webhook(if known { &action } else { "unknown" });
        let Some(conversation) = notification
            .conversation_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty() && id.len() <= 100)
        else {
            return Ok(if known {
                WebhookOutcome::Incomplete("conversation_id")
            } else {
                WebhookOutcome::UnknownAction
            });
        };
        match action.as_str() {
            "CHAT_CONVERSATION_CREATED" => {
                let email = notification
                    .client_email
                    .as_deref()
                    .and_then(RespondentEmail::parse);
                self.note_chat(
                    integration,
                    conversation,
                    ChatChange::Created { email },
                    received_at,
                )
                .await?;
                Ok(WebhookOutcome::Noted)
            }
            "CHAT_AGENT_ASSIGNED" => {
                self.note_chat(
                    integration,
                    conversation,
                    ChatChange::AgentAssigned,
                    received_at,
                )
                .await?;
                Ok(WebhookOutcome::Noted)
            }
            "CHAT_CONVERSATION_CLOSED" => {
                let forget_before = received_at - CHAT_KEPT_FOR_MS;
                let chat = self
                    .store
                    .finish_chat(integration.id, conversation, forget_before)
                    .await?;
                let Some(StoredChat {
                    email: Some(email),
                    agent_assigned,
                }) = chat
                else {
                    self.count_webhook("closed_unknown_conversation");
                    return Ok(WebhookOutcome::UnknownConversation);
                };
                let Some(queue_id) = notification.chat_queue_id.filter(|q| !q.trim().is_empty())
                else {
                    return Ok(WebhookOutcome::Incomplete("chat_queue_id"));
                };
                let queue_id = queue_id.trim().to_owned();
                let queue_name = self.queue_names.chat_queue(integration, &queue_id).await;
                let interaction = Interaction {
                    id: InteractionId::parse(&format!("chat-{conversation}-closed"))
                        .map_err(anyhow::Error::msg)?,
                    kind: InteractionType::ChatConversationClosed,
                    occurred_at: notification
                        .date
                        .as_deref()
                        .and_then(parse_date)
                        .unwrap_or(received_at),
                    email,
                    queue: Queue {
                        id: queue_id,
                        name: queue_name,
                    },
                    detail: InteractionDetail::Chat {
                        handled_by: if agent_assigned {
                            HandledBy::Agent
                        } else {
                            HandledBy::Chatbot
                        },
                    },
                };
                Ok(WebhookOutcome::Event(
                    self.accept(integration, &interaction).await?,
                ))
            }
            _ => Ok(WebhookOutcome::UnknownAction),
        }
    }
}

/// RFC 3339, Thulium's `YYYY-MM-DD HH:MM:SS` (Europe/Warsaw), or seconds
/// (or milliseconds) since the epoch. Anything else gives way to when the
/// notification arrived, which for a webhook is within seconds of it.
pub fn parse_date(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if let Ok(number) = raw.parse::<i64>() {
        return Some(if number > 100_000_000_000 {
            number
        } else {
            number * 1000
        });
    }
    crate::thulium::parse_time(raw)
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_are_rfc3339_or_epoch() {
        assert_eq!(
            parse_date("2026-11-21T10:15:00+01:00"),
            Some(1_795_252_500_000)
        );
        assert_eq!(parse_date("1795252500"), Some(1_795_252_500_000));
        assert_eq!(parse_date("1795252500000"), Some(1_795_252_500_000));
        assert_eq!(parse_date("2026-11-21 10:15:00"), Some(1_795_252_500_000));
        assert_eq!(parse_date("po południu"), None);
    }
}
