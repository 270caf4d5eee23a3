//! Storage: the [`Store`] interface, its records, and its two backends:
//! SQLite (one machine, the default) and PostgreSQL (several instances).

mod chats;
mod claim_turns;
mod contact_centers;
pub mod copy;
mod empik;
mod postgres;
mod privacy;
mod probe;
mod records;
pub mod schema;
mod sqlite;
mod store;
mod unavailable;
mod wake;

pub use chats::{ChatChange, ChatStore, StoredChat};
pub use contact_centers::{
    ContactCenter, ContactCenterStore, IntegrationNameTaken, InteractionOutcome, NewInteraction,
    StoredThulium,
};
pub use empik::{EmpikIntegration, EmpikStore, EmpikThread, NewEmpikStep, ShopTaken};
pub use postgres::PostgresStore;
pub use privacy::{AuditEntry, Erased, Erasure, PrivacyStore, Retention, ERASE_BATCH};
pub use probe::probe;
pub use records::*;
pub use sqlite::backup;
pub use sqlite::SqliteStore;
pub use store::{
    AccountStore, AdminExists, AdminStore, DeliveryStore, Instances, Lifecycle, ResponseStore,
    SecretStore, Store, SurveyStore, TokenStore,
};
pub use unavailable::is_unavailable;
pub use wake::Wake;

use std::sync::Arc;

/// Opens the store named by a database URL (`sqlite://…` or `postgres://…`).
pub async fn connect(database_url: &str) -> anyhow::Result<Arc<dyn Store>> {
    connect_server(database_url, 0).await
}

/// As [`connect`], for the server: a SQLite WAL file is first written out
/// to `wal_ready_bytes` (see `Settings::wal_ready_mb`; 0 leaves it).
pub async fn connect_server(
    database_url: &str,
    wal_ready_bytes: u64,
) -> anyhow::Result<Arc<dyn Store>> {
    match Backend::of(database_url)? {
        Backend::Sqlite => Ok(Arc::new(
            SqliteStore::open(database_url, wal_ready_bytes).await?,
        )),
        Backend::Postgres => Ok(Arc::new(PostgresStore::open(database_url).await?)),
    }
}

/// Every pool's options. No idle timeout and no lifetime: either starts
/// sqlx's (0.8) maintenance task, whose loop over `num_idle` can read that
/// counter in the instant it has wrapped below zero (a connection taken
/// between its return and the count going up) and then spins at full CPU
/// for ever; seen as a CLI command that never ended. Connections that
/// went bad are found by the check before use instead.
pub(crate) fn pool_options<DB: sqlx::Database>() -> sqlx::pool::PoolOptions<DB> {
    sqlx::pool::PoolOptions::new()
        .idle_timeout(None)
        .max_lifetime(None)
}

/// Which backend a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(database_url: &str) -> anyhow::Result<Self> {
        let scheme = database_url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            _ => anyhow::bail!(
                "unsupported database URL scheme {scheme:?}: use sqlite://PATH or postgres://USER@HOST/DATABASE"
            ),
        }
    }
}

/// The database URL with its password hidden, for messages and logs.
pub fn redacted(database_url: &str) -> String {
    match url::Url::parse(database_url) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => database_url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_url_names_its_backend_or_is_refused_with_the_choices() {
        assert_eq!(Backend::of("sqlite://a.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of("postgres://u@h/d").unwrap(), Backend::Postgres);
        assert_eq!(
            Backend::of("postgresql://u@h/d").unwrap(),
            Backend::Postgres
        );
        let refused = Backend::of("mysql://u@h/d").unwrap_err().to_string();
        assert!(
            refused.contains("mysql") && refused.contains("postgres://"),
            "{refused}"
        );
    }

    #[test]
    fn a_password_in_a_database_url_is_never_shown() {
        let shown =
            redacted("postgres://ankieter:s3cret@db.internal:5432/ankieter?sslmode=require");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.contains("db.internal") && shown.contains("sslmode=require"),
            "{shown}"
        );
    }
}
