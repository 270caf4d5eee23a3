//! Storage: the [`Store`] interface, its records, and the SQLite backend.

mod contact_centers;
mod records;
mod sqlite;
mod store;

pub use contact_centers::{
    ContactCenter, ContactCenterStore, IntegrationNameTaken, InteractionOutcome, NewInteraction,
    StoredThulium,
};
pub use records::*;
pub use sqlite::SqliteStore;
pub use store::{
    AccountStore, AdminExists, AdminStore, DeliveryStore, Lifecycle, ResponseStore, SecretStore,
    Store, SurveyStore, TokenStore,
};

use std::sync::Arc;

/// Opens the store named by a database URL (`sqlite://…`).
pub async fn connect(database_url: &str) -> anyhow::Result<Arc<dyn Store>> {
    connect_server(database_url, 0).await
}

/// As [`connect`], for the server: a SQLite WAL file is first written out
/// to `wal_ready_bytes` (see `Settings::wal_ready_mb`; 0 leaves it).
pub async fn connect_server(
    database_url: &str,
    wal_ready_bytes: u64,
) -> anyhow::Result<Arc<dyn Store>> {
    if database_url.starts_with("sqlite:") {
        Ok(Arc::new(
            SqliteStore::open(database_url, wal_ready_bytes).await?,
        ))
    } else {
        anyhow::bail!(
            "unsupported database URL scheme in {:?}: this build supports sqlite://",
            database_url.split(':').next().unwrap_or_default()
        )
    }
}
