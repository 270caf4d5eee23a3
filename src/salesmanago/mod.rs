//! The SALESmanago API v2 client: request bodies and the HTTP calls.

mod card;
mod client;
mod request;

pub use card::{parse_contact_list, CardContact, CardEvent};
pub use client::{classify, Accepted, SalesmanagoClient, SalesmanagoError};
pub use request::{
    auth_fields, request_sha, survey_event_body, update_body, upsert_body, Credentials,
    EventContact,
};
