//! PostgreSQL backend: several ankieter instances on one database. Every
//! write is its own short transaction, except that submits arriving
//! together share one statement (`response_batch`). Claims use `FOR UPDATE SKIP LOCKED` and a lease, so a delivery is
//! in flight at one instance at a time.

mod accounts;
mod admins;
mod chats;
mod claims;
mod contact_centers;
mod deliveries;
mod empik;
mod instances;
mod migrate;
mod pacing;
mod privacy;
mod response_batch;
mod responses;
mod secrets;
mod surveys;
mod tokens;

use anyhow::Context;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use std::str::FromStr;
use std::time::Duration;

pub struct PostgresStore {
    pool: PgPool,
    /// For the instances' pacing of SALESmanago calls: its commits do not
    /// wait for the disk (`synchronous_commit = off`). The pacing row is
    /// coordination, not data: a crash may forget its last milliseconds,
    /// which costs nothing, while waiting for a flush per call would bound
    /// every account's calls by the disk's flush rate (one row, one lock).
    pacing: PgPool,
    /// Reservations of SALESmanago calls, taken together (on `pacing`).
    pacer: pacing::Pacer,
    /// Concurrent submits, inserted together.
    inserts: response_batch::ResponseBatcher,
}

/// How long a request waits for a connection before it answers that the
/// database is unavailable: short, so that a database outage turns into a
/// quick 503 and not into requests that hang.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

impl PostgresStore {
    /// Connects and migrates (under an advisory lock: instances starting
    /// together take turns, and the second finds nothing left to do).
    pub async fn open(database_url: &str) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(database_url)
            .context("invalid PostgreSQL URL")?
            .application_name("ankieter")
            // Every statement here is short; JIT compiling one whose
            // estimate looks large costs more (~10 ms) than it saves.
            .options([("jit", "off")]);
        let pacing = crate::db::pool_options()
            .max_connections(4)
            .min_connections(0)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .test_before_acquire(true)
            .connect_lazy_with(options.clone().options([("synchronous_commit", "off")]));
        let pool = crate::db::pool_options()
            .max_connections(16)
            .min_connections(0)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // A connection that went bad while the database restarted is
            // found before use instead of failing the request that gets it.
            .test_before_acquire(true)
            .connect_with(options)
            .await
            .with_context(|| {
                format!(
                    "cannot connect to PostgreSQL at {}",
                    crate::db::redacted(database_url)
                )
            })?;
        migrate::migrate(&pool).await?;
        warn_without_autovacuum(&pool).await;
        let inserts = response_batch::ResponseBatcher::start(pool.clone());
        let pacer = pacing::Pacer::start(pacing.clone());
        Ok(Self {
            pool,
            pacing,
            pacer,
            inserts,
        })
    }
}

/// Every delivered row leaves a dead version behind, and the claims' index
/// probes step over each until a vacuum removes it: without autovacuum
/// (PostgreSQL's default is on) claims slow down as deliveries accumulate.
async fn warn_without_autovacuum(pool: &PgPool) {
    let setting: Result<String, _> = sqlx::query_scalar("SELECT current_setting('autovacuum')")
        .fetch_one(pool)
        .await;
    if setting.is_ok_and(|on| on == "off") {
        tracing::warn!(
            "PostgreSQL runs with autovacuum = off: deliveries slow down as delivered rows \
             accumulate; turn it on (PostgreSQL's default) or VACUUM the deliveries table regularly"
        );
    }
}

#[async_trait::async_trait]
impl crate::db::Lifecycle for PostgresStore {
    async fn close(&self) -> anyhow::Result<()> {
        self.pacing.close().await;
        self.pool.close().await;
        Ok(())
    }

    async fn probe_write(&self, now: i64) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('write_probe', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(now.to_string())
        .execute(&self.pool)
        .await
        .context("PostgreSQL does not take writes")?;
        Ok(())
    }
}
