//! Which contact a fill may address: the `smclientid` a link (or an API
//! call) carries, checked against the survey's rules once, and from then on
//! a [`ContactId`] or nothing.

use crate::crypto::ServerKey;
use crate::db::StoredSurvey;
use crate::domain::{verify_contact_id, ContactId, Identity, Survey};

/// What a link or an API call says about who answers, as given (bounded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkContact {
    pub smclientid: String,
    /// ankieter's signature of the contact id (signed links).
    pub sig: String,
}

/// The most of a contact id or signature kept: anything longer is neither.
const MAX_CHARS: usize = 200;

impl LinkContact {
    /// Untrusted input, bounded before it goes anywhere (even the record
    /// of what the link carried).
    pub fn bounded(&self) -> Self {
        let cut = |text: &str| text.chars().take(MAX_CHARS).collect();
        Self {
            smclientid: cut(&self.smclientid),
            sig: cut(&self.sig),
        }
    }
}

/// Who vouches for the contact id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// A respondent's link, which anyone can edit: a survey may require
    /// ankieter's signature.
    Link,
    /// An API token: the account itself.
    Account,
}

/// The contact a fill addresses, and what the delivery record says about
/// a link's contact id that was not used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckedContact {
    pub contact: Option<ContactId>,
    /// The link carries the id with ankieter's correct signature.
    pub signed: bool,
    pub notes: Vec<String>,
}

impl CheckedContact {
    /// How this fill identifies its contact (see `Survey::is_required`).
    pub fn identity(&self) -> Identity {
        if self.contact.is_some() {
            Identity::Link
        } else {
            Identity::EmailAnswer
        }
    }
}

/// Checks `link` for the survey: a malformed id is ignored, and so is an
/// unsigned one from a link to a survey that requires signed links.
pub fn check_contact(
    key: &ServerKey,
    stored: &StoredSurvey,
    survey: &Survey,
    link: &LinkContact,
    trust: Trust,
) -> CheckedContact {
    let raw = link.smclientid.trim();
    if raw.is_empty() {
        return CheckedContact::default();
    }
    let signed = !link.sig.trim().is_empty()
        && crate::manage::link_key(key, stored)
            .map(|link_key| verify_contact_id(&link_key, raw, &link.sig))
            .unwrap_or_else(|error| {
                tracing::error!(error = format!("{error:#}"), "cannot check a signed link");
                false
            });
    let ignored = |note: &str| CheckedContact {
        contact: None,
        signed,
        notes: vec![note.to_owned()],
    };
    let Some(contact) = ContactId::parse(raw) else {
        return ignored("the link's smclientid is not a contact id (UUID) and was ignored");
    };
    if trust == Trust::Link && survey.require_signed_links && !signed {
        return ignored(
            "the link's smclientid has no valid signature and was ignored (the survey requires signed links)",
        );
    }
    CheckedContact {
        contact: Some(contact),
        signed,
        notes: Vec::new(),
    }
}
