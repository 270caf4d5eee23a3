//! The settings form into an integration's rules.

use crate::admin::views::FieldErrors;
use crate::domain::{
    parse_event_type, ContactCenterRules, EventPrefix, FormFields, Forward, InteractionType,
};

/// The rules from the settings form; every problem named by its field.
pub(super) fn rules_from(
    form: &FormFields,
    saved: &ContactCenterRules,
) -> Result<ContactCenterRules, FieldErrors> {
    let text = |name: &str| form.first(name).unwrap_or_default().trim().to_owned();
    let mut errors = FieldErrors::default();
    let mut rules = saved.clone();
    match EventPrefix::parse(&text("prefix")) {
        Ok(prefix) => rules.prefix = prefix,
        Err(message) => errors.add("prefix", format!("The prefix {message}.")),
    }
    for (field, forward) in [
        ("tickets", &mut rules.tickets),
        ("chats", &mut rules.chats),
        ("calls", &mut rules.calls),
    ] {
        match Forward::parse(&text(field)) {
            Ok(parsed) => *forward = parsed,
            Err(message) => errors.add(field, message),
        }
    }
    rules.add_missing_contacts = text("add_missing") == "yes";
    rules.new_contact_tag = Some(text("new_contact_tag")).filter(|t| !t.is_empty());
    rules.event_types.clear();
    for kind in InteractionType::ALL {
        let chosen = text(&format!("type.{}", kind.as_str()));
        if chosen.is_empty() {
            continue;
        }
        match parse_event_type(&chosen) {
            // Only what differs from the default is kept.
            Ok(event_type) if event_type != rules.event_type(kind) => {
                rules.event_types.insert(kind, event_type);
            }
            Ok(_) => {}
            Err(message) => errors.add("event_type", message),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}
