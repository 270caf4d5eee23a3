//! The account's response webhook: each new response is posted there as
//! signed JSON (see `domain::webhook`), through the outbox.

use super::ManageError;
use crate::crypto::ServerKey;
use crate::db::{Store, StoredWebhook};
use crate::domain::EndpointPolicy;
use crate::outbound::check_literal;
use rand::RngCore;
use secrecy::SecretString;
use uuid::Uuid;

const LONGEST_URL: usize = 2_000;

/// Sets the account's webhook to `url` with a new signing secret, which is
/// returned once (stored only encrypted). Under
/// [`EndpointPolicy::SalesmanagoOnly`] the server's own networks are
/// refused, and the address must use HTTPS.
pub async fn set_webhook(
    store: &dyn Store,
    key: &ServerKey,
    account_id: Uuid,
    url: &str,
    policy: EndpointPolicy,
) -> Result<SecretString, ManageError> {
    let url = check_webhook_url(url, policy).map_err(|error| ManageError::Field {
        field: "webhook_url",
        message: error.to_string(),
    })?;
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = format!("whsec_{}", hex::encode(bytes));
    let stored = StoredWebhook {
        url: url.to_string(),
        secret_encrypted: key.encrypt(&secret, &crate::crypto::webhook_secret_context(account_id)),
    };
    store.set_webhook(account_id, Some(&stored)).await?;
    Ok(SecretString::from(secret))
}

/// Removes the account's webhook; posts still queued then fail as such.
pub async fn remove_webhook(store: &dyn Store, account_id: Uuid) -> Result<(), ManageError> {
    store.set_webhook(account_id, None).await?;
    Ok(())
}

/// Why a webhook address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WebhookUrlError {
    #[error("the address is too long")]
    TooLong,
    #[error("enter a whole address such as https://hooks.example.com/ankieter")]
    NotAnAddress,
    #[error("the address must start with https://")]
    NotHttps,
    #[error("the address is on this server's own network")]
    NotPublic,
}

impl WebhookUrlError {
    /// For the admin's catalogue: `webhook-url-{code}`.
    pub fn code(self) -> &'static str {
        match self {
            Self::TooLong => "too-long",
            Self::NotAnAddress => "not-an-address",
            Self::NotHttps => "not-https",
            Self::NotPublic => "not-public",
        }
    }
}

/// The address as a webhook may use it.
pub fn check_webhook_url(
    raw: &str,
    policy: EndpointPolicy,
) -> Result<reqwest::Url, WebhookUrlError> {
    let public_only = policy == EndpointPolicy::SalesmanagoOnly;
    let raw = raw.trim();
    if raw.len() > LONGEST_URL {
        return Err(WebhookUrlError::TooLong);
    }
    let url = reqwest::Url::parse(raw).map_err(|_| WebhookUrlError::NotAnAddress)?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(WebhookUrlError::NotAnAddress);
    }
    match (url.scheme(), public_only) {
        ("https", _) | ("http", false) => {}
        _ => return Err(WebhookUrlError::NotHttps),
    }
    if public_only && check_literal(&url).is_err() {
        return Err(WebhookUrlError::NotPublic);
    }
    Ok(url)
}

/// The address as the admin pages show it: scheme and host only, since the
/// rest of a webhook's address is often its own secret (Slack's is).
pub fn shown_webhook_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(url) => format!(
            "{}://{}/…",
            url.scheme(),
            url.host_str().unwrap_or_default()
        ),
        Err(_) => "…".to_owned(),
    }
}
