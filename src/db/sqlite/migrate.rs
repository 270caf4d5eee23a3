//! Schema migrations, announced: on an existing database a migration may
//! rebuild a large table (0007 took 56 s for a million deliveries and left a
//! 2.5 GB WAL, which the writer copies out at start: `writer::wal_file`), and
//! a server that says nothing for a minute looks hung.

use crate::db::schema::{self, SQLITE as MIGRATOR};
use anyhow::Context;
use sqlx::SqlitePool;
use std::collections::HashSet;
use std::time::Instant;

/// Brings the schema up to date. Each migration is one transaction: stopping
/// the process in the middle loses nothing, and the next start begins it again.
pub async fn migrate(pool: &SqlitePool) -> anyhow::Result<()> {
    // Read once: what the database has decides both checks.
    let applied = applied(pool).await?;
    schema::refuse_a_newer_schema(&MIGRATOR, &applied)?;
    let pending = pending(&applied);
    let started = Instant::now();
    schema::announce(&pending);
    MIGRATOR
        .run(pool)
        .await
        .context("cannot migrate the SQLite database")?;
    if !pending.is_empty() {
        tracing::info!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "database schema updated"
        );
    }
    Ok(())
}

/// The versions of the migrations the database has (none for a new one).
async fn applied(pool: &SqlitePool) -> anyhow::Result<HashSet<i64>> {
    let has_table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(pool)
    .await
    .context("cannot read the database schema")?;
    if !has_table {
        return Ok(HashSet::new());
    }
    Ok(
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await
            .context("cannot read the applied migrations")?
            .into_iter()
            .collect(),
    )
}

fn pending(applied: &HashSet<i64>) -> Vec<String> {
    schema::pending(&MIGRATOR, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn memory_pool() -> SqlitePool {
        crate::db::pool_options()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .expect("an in-memory database")
    }

    #[tokio::test]
    async fn a_new_database_has_nothing_to_announce_and_gets_every_migration() {
        let pool = memory_pool().await;
        assert!(pending(&applied(&pool).await.unwrap()).is_empty());
        migrate(&pool).await.unwrap();
        let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(applied as usize, MIGRATOR.iter().count());
    }

    #[tokio::test]
    async fn an_older_database_names_what_it_lacks_and_is_brought_up_to_date() {
        let pool = memory_pool().await;
        migrate(&pool).await.unwrap();
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 7")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(
            pending(&applied(&pool).await.unwrap()),
            ["0007 status check"]
        );

        migrate(&pool).await.unwrap();
        assert!(pending(&applied(&pool).await.unwrap()).is_empty());
    }

    #[tokio::test]
    async fn a_database_from_a_newer_binary_is_refused_with_what_to_do() {
        let pool = memory_pool().await;
        migrate(&pool).await.unwrap();
        let newer = schema::schema_version() + 1;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?, 'from the future', TRUE, x'00', 0)",
        )
        .bind(newer)
        .execute(&pool)
        .await
        .unwrap();

        let error = format!("{:#}", migrate(&pool).await.unwrap_err());

        assert!(
            error.contains(&format!("schema version {newer}"))
                && error.contains("newer ankieter")
                && error.contains("restore a backup"),
            "{error}"
        );
    }
}
