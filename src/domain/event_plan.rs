//! What one interaction sends to SALESmanago: an external event on the
//! contact found by e-mail, laid out exactly as the product's event table
//! says (automation rules in SALESmanago match on the names and details).
//! Fixed when the interaction is stored, like a response's plan.

use super::contact_center::{ContactCenterRules, IntegrationName};
use super::interaction::{detail_text, Interaction, InteractionDetail};
use super::plan::{DeliveryPlan, Target};
use super::webhook::WebhookPlan;
use super::RespondentEmail;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPlan {
    pub email: RespondentEmail,
    /// The event's name, e.g. `THULIUM_TICKET_CLOSED`.
    pub description: String,
    /// `contactExtEventType`.
    pub event_type: String,
    /// When it happened, ms since the epoch.
    pub date: i64,
    /// The integration's name and the interaction's id: a repeat is recognisable.
    pub external_id: String,
    pub location: String,
    /// `detail1`…`detail6` that have a value, by number.
    pub details: Vec<(u8, String)>,
    pub missing_contact: MissingContact,
}

/// What to do when SALESmanago has no contact with the e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "then", rename_all = "snake_case")]
pub enum MissingContact {
    /// Check first; send nothing and end the delivery as ignored.
    Ignore,
    /// Create the contact by e-mail (no consent flags) with these tags, then add the event.
    Add { tags: Vec<String> },
}

impl EventPlan {
    pub fn for_interaction(
        name: &IntegrationName,
        rules: &ContactCenterRules,
        interaction: &Interaction,
    ) -> Self {
        let mut details = Vec::new();
        let mut put = |number: u8, value: Option<String>| {
            if let Some(value) = value.as_deref().and_then(detail_text) {
                details.push((number, value));
            }
        };
        put(1, Some(interaction.queue.id.clone()));
        put(2, interaction.queue.name.clone());
        match interaction.detail {
            InteractionDetail::None => {}
            InteractionDetail::Rating { rating } => put(3, Some(rating.to_string())),
            InteractionDetail::Chat { handled_by } => put(4, Some(handled_by.as_str().into())),
            InteractionDetail::Wait { seconds } => put(5, Some(seconds.to_string())),
            InteractionDetail::Talk { seconds } => put(6, Some(seconds.to_string())),
        }
        let missing_contact = if rules.add_missing_contacts {
            MissingContact::Add {
                tags: rules
                    .new_contact_tag()
                    .map(|tag| vec![tag.as_str().to_owned()])
                    .unwrap_or_default(),
            }
        } else {
            MissingContact::Ignore
        };
        Self {
            email: interaction.email.clone(),
            description: rules.prefix.event_name(interaction.kind),
            event_type: rules.event_type(interaction.kind).to_owned(),
            date: interaction.occurred_at,
            external_id: format!("{}:{}", name.as_str(), interaction.id.as_str()),
            location: name.location(),
            details,
            missing_contact,
        }
    }
}

/// What a delivery sends: a survey response's contact changes, or an
/// interaction's event. Stored with the delivery's `kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Response(DeliveryPlan),
    Event(EventPlan),
    /// A new response posted to the account's webhook (not SALESmanago).
    Webhook(WebhookPlan),
    /// An EmpikPlace integration's step (Thulium or EmpikPlace, not SALESmanago).
    Empik(super::empik::EmpikPlan),
}

/// The most SALESmanago calls one attempt of any delivery makes: an event
/// checks or adds its contact first; a link's contact id falls back to an
/// upsert by e-mail; a response's SURVEY event follows its properties.
pub const MOST_CALLS_PER_ATTEMPT: u64 = 3;

impl Work {
    /// The SALESmanago calls one attempt may make, each up to the timeout:
    /// the claim's lease must cover them all.
    pub fn most_calls(&self) -> u64 {
        match self {
            Self::Response(plan) => {
                let properties = match &plan.target {
                    Target::ContactId {
                        fallback_email: Some(_),
                        ..
                    } => 2,
                    _ => 1,
                };
                properties + u64::from(plan.survey_event.is_some())
            }
            Self::Event(_) => 2,
            Self::Webhook(_) => 1,
            Self::Empik(plan) => plan.most_calls(),
        }
    }

    /// Whether it goes to SALESmanago (its credentials, pace and pauses).
    pub fn to_salesmanago(&self) -> bool {
        !matches!(self, Self::Webhook(_) | Self::Empik(_))
    }

    /// The e-mail the delivery is for, lowercased (stored beside the plan
    /// so that a contact card finds its deliveries); `None` for a contact
    /// known only by its id.
    pub fn contact_email(&self) -> Option<String> {
        match self {
            Self::Event(plan) => Some(plan.email.as_str().to_lowercase()),
            Self::Response(plan) => plan.contact_email(),
            Self::Webhook(_) | Self::Empik(_) => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Response(_) => "response",
            Self::Event(_) => "event",
            Self::Webhook(_) => "webhook",
            Self::Empik(_) => "empik",
        }
    }

    /// The stored plan, read with its delivery's kind.
    pub fn from_stored(kind: &str, plan: &str) -> Result<Self, String> {
        match kind {
            "response" => serde_json::from_str(plan)
                .map(Self::Response)
                .map_err(|e| e.to_string()),
            "event" => serde_json::from_str(plan)
                .map(Self::Event)
                .map_err(|e| e.to_string()),
            "webhook" => serde_json::from_str(plan)
                .map(Self::Webhook)
                .map_err(|e| e.to_string()),
            "empik" => serde_json::from_str(plan)
                .map(Self::Empik)
                .map_err(|e| e.to_string()),
            other => Err(format!("unknown delivery kind '{other}'")),
        }
    }

    pub fn to_stored(&self) -> String {
        match self {
            Self::Response(plan) => serde_json::to_string(plan),
            Self::Event(plan) => serde_json::to_string(plan),
            Self::Webhook(plan) => serde_json::to_string(plan),
            Self::Empik(plan) => serde_json::to_string(plan),
        }
        .expect("plans serialise")
    }

    pub fn response(&self) -> Option<&DeliveryPlan> {
        match self {
            Self::Response(plan) => Some(plan),
            Self::Event(_) | Self::Webhook(_) | Self::Empik(_) => None,
        }
    }

    pub fn event(&self) -> Option<&EventPlan> {
        match self {
            Self::Event(plan) => Some(plan),
            Self::Response(_) | Self::Webhook(_) | Self::Empik(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interaction::{HandledBy, InteractionId, InteractionType, Queue};

    fn interaction(kind: InteractionType, detail: InteractionDetail) -> Interaction {
        Interaction {
            id: InteractionId::parse("chat-9").unwrap(),
            kind,
            occurred_at: 1_795_252_500_000,
            email: RespondentEmail::parse("jan@example.com").unwrap(),
            queue: Queue {
                id: "5".into(),
                name: Some("Czat\tsklep".into()),
            },
            detail,
        }
    }

    #[test]
    fn a_chat_has_its_queue_and_who_handled_it() {
        let name = IntegrationName::parse("thulium-main").unwrap();
        let plan = EventPlan::for_interaction(
            &name,
            &ContactCenterRules::default(),
            &interaction(
                InteractionType::ChatConversationClosed,
                InteractionDetail::Chat {
                    handled_by: HandledBy::Chatbot,
                },
            ),
        );
        assert_eq!(plan.description, "THULIUM_CHAT_CONVERSATION_CLOSED");
        assert_eq!(plan.event_type, "OTHER");
        assert_eq!(plan.external_id, "thulium-main:chat-9");
        assert_eq!(plan.location, "thulium_main");
        assert_eq!(
            plan.details,
            vec![
                (1, "5".to_owned()),
                (2, "Czatsklep".to_owned()),
                (4, "chatbot".to_owned())
            ]
        );
        assert_eq!(plan.missing_contact, MissingContact::Ignore);
    }

    #[test]
    fn stored_plans_come_back_as_they_were() {
        let name = IntegrationName::parse("cc1").unwrap();
        let rules = ContactCenterRules {
            add_missing_contacts: true,
            new_contact_tag: Some("z infolinii".into()),
            ..ContactCenterRules::default()
        };
        let plan = EventPlan::for_interaction(
            &name,
            &rules,
            &interaction(
                InteractionType::IncomingCallAbandoned,
                InteractionDetail::Wait { seconds: 42 },
            ),
        );
        assert_eq!(
            plan.missing_contact,
            MissingContact::Add {
                tags: vec!["Z_INFOLINII".into()]
            }
        );
        assert_eq!(plan.event_type, "PHONE_CALL");
        let work = Work::Event(plan);
        assert_eq!(
            Work::from_stored(work.kind(), &work.to_stored()).unwrap(),
            work
        );
    }

    #[test]
    fn the_most_calls_of_any_attempt_is_the_settings_bound() {
        let email = RespondentEmail::parse("jan@example.com").unwrap();
        let contact_id =
            crate::domain::ContactId::try_from("0f3a1c2e-1111-4a2b-9c3d-0123456789ab".to_owned())
                .unwrap();
        let response = |target: Target, event: bool| {
            Work::Response(DeliveryPlan {
                target,
                changes: Default::default(),
                cut_keys: vec![],
                notes: vec![],
                survey_event: event.then(|| crate::domain::SurveyEvent {
                    description: "Ankieta".into(),
                    date: 0,
                    external_id: "r-1".into(),
                    details: vec![],
                }),
                values_removed: false,
            })
        };
        let with_fallback = || Target::ContactId {
            contact_id,
            fallback_email: Some(email.clone()),
        };
        let calls = [
            response(
                Target::Email {
                    email: email.clone(),
                },
                false,
            )
            .most_calls(),
            response(
                Target::Email {
                    email: email.clone(),
                },
                true,
            )
            .most_calls(),
            response(with_fallback(), false).most_calls(),
            response(with_fallback(), true).most_calls(),
        ];
        assert_eq!(calls, [1, 2, 2, 3]);
        assert_eq!(calls.iter().max(), Some(&MOST_CALLS_PER_ATTEMPT));
    }
}
