//! What operators and account admins do, independent of how they ask: the
//! CLI, the web admin and the JSON API call the same actions.

mod accounts;
mod admins;
pub mod audit;
mod contact_centers;
mod empik;
mod error;
mod people;
mod retention;
mod secrets;
mod surveys;
mod tokens;
mod webhooks;

pub use accounts::{create_account, set_salesmanago, SalesmanagoInput};
pub use admins::{
    authenticate, create_admin, normalise_email, set_admin_password, MIN_PASSWORD_CHARS,
};
pub use contact_centers::{
    create_contact_center, delete_contact_center, renew_webhook_credentials, save_contact_center,
    set_thulium, thulium_url, webhook_credentials_match, WebhookCredentials,
};
pub use empik::{
    resume_empik, save_empik, EmpikInput, MAX_AUTO_REPLY_CHARS, MAX_POLL_SECONDS, MIN_POLL_SECONDS,
};
pub use error::ManageError;
pub use people::{erase_person, export_person, find_person, PersonData};
pub use retention::{
    apply_retention, run_retention, set_retention, RetentionPass, MAX_RETENTION_DAYS,
};
pub use secrets::{rotate_secrets, RotationReport};
pub use surveys::{import_survey, link_key, save_survey_document};
pub use tokens::{create_card_key, create_token, token_sha256, CARD_KEY_PREFIX, TOKEN_PREFIX};
pub use webhooks::{
    check_webhook_url, remove_webhook, set_webhook, shown_webhook_url, WebhookUrlError,
};
