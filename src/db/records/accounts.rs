//! Accounts, their admins, API tokens and secrets, as stored.

use crate::domain::{AccountTimeZone, Language, PropertyPrefix};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub language: Language,
    pub property_prefix: PropertyPrefix,
    pub salesmanago: Option<StoredSalesmanago>,
    /// Why the account's deliveries are paused (an authentication error).
    pub paused_reason: Option<String>,
    /// Where the admin pages' times are shown.
    pub time_zone: AccountTimeZone,
    /// Where each new response is posted, if anywhere.
    pub webhook: Option<StoredWebhook>,
    pub created_at: i64,
}

/// The account's response webhook: the signing secret only encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWebhook {
    pub url: String,
    pub secret_encrypted: String,
}

impl StoredWebhook {
    /// From the account's two columns: a webhook needs both.
    pub fn from_columns(url: Option<String>, secret_encrypted: Option<String>) -> Option<Self> {
        Some(Self {
            url: url?,
            secret_encrypted: secret_encrypted?,
        })
    }
}

/// SALESmanago access as stored: the secret only encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSalesmanago {
    pub endpoint: String,
    pub client_id: String,
    pub owner: String,
    pub secret_encrypted: String,
}

/// A secret stored encrypted under the server key, for key rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedSecret {
    pub kind: SecretKind,
    /// The account or survey the secret belongs to (and is bound to).
    pub owner_id: Uuid,
    pub ciphertext: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    AccountApiSecret,
    SurveyLinkKey,
    ThuliumPassword,
    WebhookSecret,
    EmpikApiKey,
    EmpikThuliumPassword,
}

impl EncryptedSecret {
    /// The AEAD context the secret is bound to.
    pub fn context(&self) -> String {
        match self.kind {
            SecretKind::AccountApiSecret => crate::crypto::account_secret_context(self.owner_id),
            SecretKind::SurveyLinkKey => crate::crypto::survey_link_key_context(self.owner_id),
            SecretKind::ThuliumPassword => crate::crypto::thulium_password_context(self.owner_id),
            SecretKind::WebhookSecret => crate::crypto::webhook_secret_context(self.owner_id),
            SecretKind::EmpikApiKey => crate::crypto::empik_api_key_context(self.owner_id),
            SecretKind::EmpikThuliumPassword => {
                crate::crypto::empik_thulium_password_context(self.owner_id)
            }
        }
    }
}

/// Recent failed sign-ins for one e-mail, and whether the address trying
/// now has failed lately itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInFailures {
    /// When the e-mail's failures happened (ms), oldest first.
    pub email_failed_at: Vec<i64>,
    pub address_failed: bool,
}

/// Someone who signs in to the web admin of one account.
#[derive(Debug, Clone)]
pub struct AdminUser {
    pub id: Uuid,
    pub account_id: Uuid,
    /// Lowercased.
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    pub created_at: i64,
    /// Sessions carry the generation they began in; a sign-out bumps it,
    /// and sessions of an older generation are refused.
    pub session_generation: i64,
    /// The admin pages' language; `None` follows the account's.
    pub language: Option<Language>,
}

/// An account API token as stored: only its SHA-256.
#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: Uuid,
    pub account_id: Uuid,
    pub name: String,
    pub scope: TokenScope,
    pub token_sha256: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

/// What a token opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScope {
    /// The JSON API (`/api/v1`).
    Api,
    /// Only the read-only contact card (`/card`), for a helpdesk's sidebar.
    Card,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Card => "card",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "api" => Some(Self::Api),
            "card" => Some(Self::Card),
            _ => None,
        }
    }
}
