//! The audit log: who changed what in an account, when and from where.
//! Every action that changes settings, secrets, surveys, tokens or
//! deliveries, or erases a person, writes one entry, never with the
//! personal data itself.

use crate::db::{AuditEntry, Store};
use uuid::Uuid;

/// Who acts: shown in the log as `admin:<e-mail>`, `token:<name>` or `cli`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    /// The client's address as the server saw it (`None` from the CLI).
    pub ip: Option<String>,
}

impl Actor {
    pub fn admin(email: &str, ip: Option<String>) -> Self {
        Self {
            name: format!("admin:{email}"),
            ip,
        }
    }

    pub fn token(name: &str, ip: Option<String>) -> Self {
        Self {
            name: format!("token:{name}"),
            ip,
        }
    }

    /// The server's own jobs (the daily retention pass).
    pub fn server() -> Self {
        Self {
            name: "server".to_owned(),
            ip: None,
        }
    }

    pub fn cli() -> Self {
        Self {
            name: "cli".to_owned(),
            ip: None,
        }
    }
}

/// Writes one entry. `action` is a fixed name (`survey.save`,
/// `person.erase`…); `detail` says what it was done to.
pub async fn record(
    store: &dyn Store,
    account_id: Uuid,
    actor: &Actor,
    action: &str,
    detail: impl Into<String>,
    now: i64,
) -> anyhow::Result<()> {
    store
        .record_audit(&AuditEntry {
            id: Uuid::now_v7(),
            account_id,
            at: now,
            actor: actor.name.clone(),
            action: action.to_owned(),
            detail: detail.into(),
            ip: actor.ip.clone(),
        })
        .await
}
