//! What one response will send to SALESmanago, decided when it is stored so
//! that a later survey edit never changes a queued delivery.

use super::survey::QuestionKind;
use super::{Answers, ContactId, PropertyValue, RespondentEmail, Survey};
use serde::{Deserialize, Serialize};

/// What a survey response writes to a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContactChanges {
    /// Ordered as the questions are; keys are unique.
    pub properties: Vec<(String, String)>,
    pub tags: Vec<String>,
    /// Only ever `true` (from a ticked opt-in consent); opt-out is never sent.
    pub force_opt_in: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryPlan {
    pub target: Target,
    pub changes: ContactChanges,
    /// Keys whose values were cut to 255 UTF-16 units (the full answer stays stored).
    #[serde(default)]
    pub cut_keys: Vec<String>,
    /// Warnings worth showing next to the delivery, e.g. an ignored smclientid.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The response as a `SURVEY` event, sent once the properties are written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_event: Option<super::SurveyEvent>,
    /// The answers' values were removed after delivery (the account keeps
    /// what was sent for a limited time): keys, tags and cuts remain.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub values_removed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Target {
    /// `contact/upsert` by the first e-mail answer.
    Email { email: RespondentEmail },
    /// `contact/update` by the link's `smclientid`; upsert by e-mail if the id is unknown.
    ContactId {
        contact_id: ContactId,
        fallback_email: Option<RespondentEmail>,
    },
    /// Nothing identifies the contact: the delivery is `skipped`.
    Nobody { reason: String },
}

impl DeliveryPlan {
    /// What the ledger still shows once the values are no longer needed for
    /// a retry: the target, keys, tags and which values were cut.
    pub fn without_values(&self) -> Self {
        let mut plan = self.clone();
        for (_, value) in &mut plan.changes.properties {
            value.clear();
        }
        plan.survey_event = None;
        plan.values_removed = true;
        plan
    }

    /// `None` when the survey does not send results to SALESmanago.
    /// `survey` must carry the account's property keys; `contact` is the
    /// link's contact id, already checked (see `submission::check_contact`).
    pub fn for_response(
        survey: &Survey,
        answers: &Answers,
        contact: Option<ContactId>,
        hidden: &[(String, String)],
    ) -> Option<Self> {
        let target_tag = survey.salesmanago_tag.as_ref()?;
        let email = survey
            .identity_question()
            .and_then(|q| answers.get(&q.id))
            .and_then(|a| a.values.first())
            .and_then(|value| RespondentEmail::parse(value));
        let target = match (contact, email) {
            (Some(contact_id), fallback_email) => Target::ContactId {
                contact_id,
                fallback_email,
            },
            (None, Some(email)) => Target::Email { email },
            (None, None) => Target::Nobody {
                reason:
                    "no smclientid in the link and no e-mail answer: nothing identifies the contact"
                        .to_owned(),
            },
        };
        let mut changes = ContactChanges {
            tags: target_tag
                .tag
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            ..ContactChanges::default()
        };
        let mut cut_keys = Vec::new();
        for question in &survey.questions {
            let Some(answer) = answers.get(&question.id) else {
                continue;
            };
            if let QuestionKind::Consent { opt_in: true } = question.kind {
                changes.force_opt_in = true;
            }
            let Some(value) = PropertyValue::parse(&answer.values.join(", ")) else {
                continue;
            };
            if value.was_cut() {
                cut_keys.push(question.property_key.clone());
            }
            changes
                .properties
                .push((question.property_key.clone(), value.as_str().to_owned()));
        }
        // Hidden fields follow the answers, under the same value rules.
        for field in &survey.hidden_fields {
            let Some(value) = hidden
                .iter()
                .find(|(name, _)| *name == field.name)
                .and_then(|(_, value)| PropertyValue::parse(value))
            else {
                continue;
            };
            if value.was_cut() {
                cut_keys.push(field.property_key.clone());
            }
            changes
                .properties
                .push((field.property_key.clone(), value.as_str().to_owned()));
        }
        Some(Self {
            target,
            changes,
            cut_keys,
            notes: Vec::new(),
            survey_event: None,
            values_removed: false,
        })
    }

    /// The e-mail the contact is found by, lowercased; `None` for a
    /// contact known only by its id (or by nothing).
    pub fn contact_email(&self) -> Option<String> {
        let email = match &self.target {
            Target::Email { email } => Some(email),
            Target::ContactId { fallback_email, .. } => fallback_email.as_ref(),
            Target::Nobody { .. } => None,
        };
        email.map(|email| email.as_str().to_lowercase())
    }

    pub fn skip_reason(&self) -> Option<&str> {
        match &self.target {
            Target::Nobody { reason } => Some(reason),
            _ => None,
        }
    }
}
