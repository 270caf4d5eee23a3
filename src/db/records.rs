//! What the store reads and writes, independent of the backend.

use crate::domain::{AccountTimeZone, Answers, Language, PropertyPrefix, SurveyDocument};
use crate::domain::{DeliveryPlan, Work};
use std::collections::HashMap;
use std::fmt;
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

#[derive(Debug, Clone)]
pub struct StoredSurvey {
    pub id: Uuid,
    pub account_id: Uuid,
    pub document: SurveyDocument,
    /// The key of signed smclientid links, encrypted under the server key.
    pub link_key_encrypted: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a survey gets when it is first saved.
#[derive(Debug, Clone)]
pub struct NewSurvey {
    pub id: Uuid,
    pub link_key_encrypted: String,
}

/// What goes with a survey when it is deleted: its responses and their
/// deliveries, of which `pending` are not sent yet (waiting, retrying or
/// paused).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SurveyFootprint {
    pub responses: i64,
    pub deliveries: i64,
    pub pending: i64,
}

impl std::ops::AddAssign for SurveyFootprint {
    fn add_assign(&mut self, other: Self) {
        self.responses += other.responses;
        self.deliveries += other.deliveries;
        self.pending += other.pending;
    }
}

/// How many responses one transaction of a survey's deletion removes, so
/// that deleting a large survey never holds the database (and every
/// respondent's submit) for long.
pub const DELETE_BATCH: i64 = 1000;

#[derive(Debug, Clone)]
pub struct SurveySummary {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub salesmanago_enabled: bool,
    pub hidden_fields: Vec<String>,
    pub responses: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveSurveyOutcome {
    Created(Uuid),
    Replaced(Uuid),
    /// The slug belongs to a survey of another account.
    SlugTaken,
}

#[derive(Debug, Clone)]
pub struct NewResponse {
    pub id: Uuid,
    pub account_id: Uuid,
    pub survey_id: Uuid,
    pub answers: Answers,
    pub smclientid: Option<String>,
    /// Hidden fields the link filled: name, value.
    pub hidden: Vec<(String, String)>,
    pub browser_id: Option<String>,
    /// The form's one-time token; a second insert with it is a duplicate.
    pub submission_token: Option<String>,
    pub created_at: i64,
    /// The survey's response limit: the store inserts nothing (and answers
    /// [`InsertOutcome::Full`]) once the survey holds this many.
    pub max_responses: Option<u64>,
    /// The id of the delivery that posts the response to the account's
    /// webhook: queued in the same transaction, if the account has one
    /// then (`None`: never).
    pub webhook_delivery_id: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub id: Uuid,
    pub plan: DeliveryPlan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Stored,
    /// A once-per-browser survey already has a response from this browser.
    AlreadyFilled,
    /// This form (its submission token) was already stored: a resend.
    Duplicate,
    /// The survey holds as many responses as its limit allows.
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    Failed,
    Paused,
    Skipped,
    /// An event for an e-mail SALESmanago has no contact for (and the
    /// integration does not add missing contacts): not sent, not retried.
    Ignored,
}

impl DeliveryStatus {
    pub const ALL: [Self; 6] = [
        Self::Pending,
        Self::Delivered,
        Self::Failed,
        Self::Paused,
        Self::Skipped,
        Self::Ignored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Paused => "paused",
            Self::Skipped => "skipped",
            Self::Ignored => "ignored",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A delivery the worker reserved for one attempt.
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    pub id: Uuid,
    pub account_id: Uuid,
    /// Attempts including this one; also the claim's token.
    pub attempts: i64,
    pub created_at: i64,
    pub work: Work,
    /// The contact a response's properties were written to by an earlier
    /// attempt whose SURVEY event did not go: only the event is left.
    pub written_contact: Option<String>,
}

/// How many due deliveries one claim may take, so that claims are only what
/// is about to be sent and every account gets its turn.
#[derive(Debug, Clone, Default)]
pub struct ClaimLimits {
    /// The most deliveries to claim in all.
    pub total: usize,
    /// The most claims one account may hold at once (this worker's)...
    pub per_account: usize,
    /// ...unless the account has a cap of its own here (the worker holds
    /// more for an account whose SALESmanago answers quickly).
    pub caps: HashMap<Uuid, usize>,
    /// Claims this worker holds now, per account (claimed, not yet recorded).
    pub held: HashMap<Uuid, usize>,
    /// An account that holds claims gets more only once it has room for
    /// this share of its cap (a quarter: 4), so that claims come in groups,
    /// not one per freed slot. 0: any room.
    pub group_divisor: usize,
    /// Turns taken so far: rotates which account goes first among equals.
    pub turn: u64,
}

/// What a claim took, and whether due deliveries were left because their
/// accounts had no room (the worker then waits for a slot, not for a time).
#[derive(Debug, Default)]
pub struct Claimed {
    pub deliveries: Vec<ClaimedDelivery>,
    pub more_due: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Delivered {
        request_kind: String,
        contact_id: Option<String>,
    },
    Retry {
        request_kind: Option<String>,
        next_attempt_at: i64,
        error: String,
        /// The contact whose properties this attempt wrote (the SURVEY
        /// event is what is left to send), kept for the next attempt.
        written_contact: Option<String>,
    },
    Failed {
        request_kind: Option<String>,
        error: String,
        /// As for `Retry`: a retry by hand sends only the event.
        written_contact: Option<String>,
    },
    /// The account's credentials failed: pause all its deliveries.
    PauseAccount { reason: String },
    /// Not sent and never will be: SALESmanago has no such contact and the
    /// integration does not add missing ones.
    Ignored {
        request_kind: String,
        reason: String,
    },
    /// Not sent: the claim's lease was too short for a whole call. The claim
    /// is given back as if it had not been taken.
    Released,
}

#[derive(Debug, Clone)]
pub struct DeliveryRecord {
    pub id: Uuid,
    pub account_id: Uuid,
    pub source: DeliverySource,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub request_kind: Option<String>,
    pub contact_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub delivered_at: Option<i64>,
    pub work: Work,
}

impl DeliveryRecord {
    /// A survey response's plan (`None` for an interaction's event).
    pub fn response_plan(&self) -> Option<&DeliveryPlan> {
        self.work.response()
    }

    pub fn survey_id(&self) -> Option<Uuid> {
        self.source.survey_id()
    }

    pub fn response_id(&self) -> Option<Uuid> {
        match self.source {
            DeliverySource::Response { response_id, .. }
            | DeliverySource::Webhook { response_id, .. } => Some(response_id),
            DeliverySource::Interaction { .. } => None,
        }
    }
}

/// Where a delivery came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliverySource {
    Response {
        survey_id: Uuid,
        response_id: Uuid,
    },
    Interaction {
        contact_center_id: Uuid,
    },
    /// A response posted to the account's webhook.
    Webhook {
        survey_id: Uuid,
        response_id: Uuid,
    },
}

impl DeliverySource {
    pub fn survey_id(&self) -> Option<Uuid> {
        match self {
            Self::Response { survey_id, .. } | Self::Webhook { survey_id, .. } => Some(*survey_id),
            Self::Interaction { .. } => None,
        }
    }
}

/// Survey responses or contact-center events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryKind {
    Response,
    Event,
    Webhook,
}

impl DeliveryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Response => "response",
            Self::Event => "event",
            Self::Webhook => "webhook",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Response, Self::Event, Self::Webhook]
            .into_iter()
            .find(|k| k.as_str() == raw)
    }
}

#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    pub account_id: Option<Uuid>,
    pub survey_id: Option<Uuid>,
    pub contact_center_id: Option<Uuid>,
    pub kind: Option<DeliveryKind>,
    /// Keyset cursor: only deliveries older than this one.
    pub before: Option<(i64, Uuid)>,
    pub status: Option<DeliveryStatus>,
    pub limit: i64,
}

#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub id: Uuid,
    pub account_id: Uuid,
    pub survey_id: Uuid,
    pub answers: Answers,
    pub smclientid: Option<String>,
    pub hidden: Vec<(String, String)>,
    pub created_at: i64,
}

/// The queue as `/metrics` reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    pub pending: i64,
    pub oldest_pending_created_at: Option<i64>,
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
}

impl EncryptedSecret {
    /// The AEAD context the secret is bound to.
    pub fn context(&self) -> String {
        match self.kind {
            SecretKind::AccountApiSecret => crate::crypto::account_secret_context(self.owner_id),
            SecretKind::SurveyLinkKey => crate::crypto::survey_link_key_context(self.owner_id),
            SecretKind::ThuliumPassword => crate::crypto::thulium_password_context(self.owner_id),
            SecretKind::WebhookSecret => crate::crypto::webhook_secret_context(self.owner_id),
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

/// One call made for a delivery, as the admin's delivery detail lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    pub attempt: i64,
    pub at: i64,
    /// `delivered`, `retry`, `failed` or `paused`.
    pub outcome: String,
    pub request_kind: Option<String>,
    pub message: Option<String>,
}

/// How a survey's deliveries are doing, for the dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryHealth {
    pub delivered_24h: i64,
    /// Pending after at least one failed attempt.
    pub retrying: i64,
    pub paused: i64,
    pub failed_24h: i64,
}

/// Which responses of a survey a list or export shows.
#[derive(Debug, Clone, Default)]
pub struct ResponseFilter {
    pub from: Option<i64>,
    /// Exclusive.
    pub to: Option<i64>,
    pub status: Option<ResponseDeliveryStatus>,
    /// Keyset cursor: only responses older than this one.
    pub before: Option<(i64, Uuid)>,
    pub limit: i64,
}

/// A response's delivery status, or that it has no delivery (SALESmanago off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseDeliveryStatus {
    Delivery(DeliveryStatus),
    NotSent,
}

/// A response with what happened to its delivery.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub response: StoredResponse,
    pub delivery_id: Option<Uuid>,
    pub delivery_status: Option<DeliveryStatus>,
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
