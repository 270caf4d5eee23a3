//! The outbox: deliveries, their claims, attempts and outcomes.

use crate::domain::{DeliveryPlan, Work};
use std::collections::HashMap;
use std::fmt;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub id: Uuid,
    pub plan: DeliveryPlan,
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
            DeliverySource::Interaction { .. } | DeliverySource::Empik { .. } => None,
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
    /// An EmpikPlace integration's message, reply or automatic reply.
    Empik {
        integration_id: Uuid,
    },
}

impl DeliverySource {
    pub fn survey_id(&self) -> Option<Uuid> {
        match self {
            Self::Response { survey_id, .. } | Self::Webhook { survey_id, .. } => Some(*survey_id),
            Self::Interaction { .. } | Self::Empik { .. } => None,
        }
    }
}

/// Survey responses or contact-center events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryKind {
    Response,
    Event,
    Webhook,
    Empik,
}

impl DeliveryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Response => "response",
            Self::Event => "event",
            Self::Webhook => "webhook",
            Self::Empik => "empik",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Response, Self::Event, Self::Webhook, Self::Empik]
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

/// The queue as `/metrics` reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    pub pending: i64,
    pub oldest_pending_created_at: Option<i64>,
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
