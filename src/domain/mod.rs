//! Domain types: parsed once at the edge, trusted everywhere after.

mod answers;
#[cfg(test)]
pub(crate) mod arbitrary;
mod contact_center;
mod contact_id;
mod email;
pub mod empik;
mod endpoint;
mod event_plan;
mod form;
mod interaction;
mod language;
pub mod person;
mod plan;
mod property;
mod signed_link;
mod slug;
pub mod survey;
mod survey_event;
mod tag;
mod time_zone;
pub mod webhook;

pub use answers::{Answer, Answers, FieldErrors};
pub use contact_center::{
    parse_event_type, ContactCenterRules, EventPrefix, Forward, IntegrationName, EXT_EVENT_TYPES,
};
pub use contact_id::ContactId;
pub use email::RespondentEmail;
pub use endpoint::{Endpoint, EndpointPolicy};
pub use event_plan::{EventPlan, MissingContact, Work, MOST_CALLS_PER_ATTEMPT};
pub use form::{FormError, FormFields, MAX_FIELDS};
pub use interaction::{
    Channel, HandledBy, Interaction, InteractionDetail, InteractionId, InteractionType, Queue,
};
pub use language::{Language, Texts};
pub use plan::{ContactChanges, DeliveryPlan, Target};
pub use property::{cut_utf16, property_keys, PropertyPrefix, PropertyValue, MAX_VALUE_UNITS};
pub use signed_link::{sign_contact_id, verify_contact_id};
pub use slug::slugify;
pub use survey::{Identity, Survey, SurveyDocument, SurveySlug};
pub use survey_event::{SurveyEvent, SURVEY_EVENT_TYPE};
pub use tag::Tag;
pub use time_zone::{AccountTimeZone, DEFAULT_TIME_ZONE};
