//! PostgreSQL's schema migrations, one instance at a time.

use crate::db::schema::{self, POSTGRES as MIGRATOR};
use anyhow::Context;
use sqlx::{PgConnection, PgPool};
use std::collections::HashSet;
use std::time::Instant;

/// Any constant both a starting instance and `ankieter db copy` agree on.
const MIGRATION_LOCK: i64 = 0x616e_6b69_6574_6572; // "ankieter"

/// Brings the schema up to date under a session advisory lock: two
/// instances starting together do not race, and the second sees what the
/// first applied. Each migration is one transaction.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await.context("cannot reach PostgreSQL")?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *conn)
        .await
        .context("cannot take the migration lock")?;
    let outcome = migrate_locked(&mut conn).await;
    // Released on every path; a lost connection releases it too.
    let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *conn)
        .await;
    outcome
}

async fn migrate_locked(conn: &mut PgConnection) -> anyhow::Result<()> {
    let applied = applied(conn).await?;
    schema::refuse_a_newer_schema(&MIGRATOR, &applied)?;
    let pending = schema::pending(&MIGRATOR, &applied);
    schema::announce(&pending);
    let started = Instant::now();
    MIGRATOR
        .run(&mut *conn)
        .await
        .context("cannot migrate the PostgreSQL database")?;
    if !pending.is_empty() {
        tracing::info!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "database schema updated"
        );
    }
    Ok(())
}

/// The versions of the migrations the database has (none for a new one).
pub(super) async fn applied(conn: &mut PgConnection) -> anyhow::Result<HashSet<i64>> {
    let has_table: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .context("cannot read the database schema")?;
    if !has_table {
        return Ok(HashSet::new());
    }
    Ok(
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut *conn)
            .await
            .context("cannot read the applied migrations")?
            .into_iter()
            .collect(),
    )
}
