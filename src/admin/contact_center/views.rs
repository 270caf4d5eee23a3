//! The contact-center pages' templates.

use crate::admin::views::{FieldErrors, Layout};
use askama::Template;

pub struct IntegrationRow {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub forwarded: String,
    pub polls: bool,
}

#[derive(Template)]
#[template(path = "admin/contact_centers.html")]
pub struct ContactCentersPage {
    pub layout: Layout,
    pub integrations: Vec<IntegrationRow>,
    pub name: String,
    pub errors: FieldErrors,
}

/// One row of the event-type table: the interaction type, its event's
/// name, and the chosen SALESmanago type.
pub struct EventTypeRow {
    pub kind: &'static str,
    pub event: String,
    pub chosen: String,
}

#[derive(Template)]
#[template(path = "admin/contact_center.html")]
pub struct ContactCenterPage {
    pub layout: Layout,
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub location: String,
    pub add_missing: bool,
    pub new_contact_tag: String,
    pub tickets: String,
    pub chats: String,
    pub calls: String,
    pub event_types: Vec<EventTypeRow>,
    pub all_event_types: &'static [&'static str],
    pub webhook_url: String,
    pub webhook_user: String,
    /// Shown once, right after it was generated.
    pub new_password: Option<String>,
    pub thulium_url: String,
    pub thulium_user: String,
    pub thulium_saved: bool,
    pub interaction_types: Vec<&'static str>,
    pub errors: FieldErrors,
    pub result: Option<(bool, String)>,
}
