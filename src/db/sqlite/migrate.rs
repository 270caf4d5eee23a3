//! Schema migrations, announced: on an existing database a migration may
//! rebuild a large table (0007 took 56 s for a million deliveries and left a
//! 2.5 GB WAL, which the writer copies out at start: `writer::wal_file`), and
//! a server that says nothing for a minute looks hung.

use anyhow::Context;
use sqlx::migrate::Migrator;
use sqlx::SqlitePool;
use std::collections::HashSet;
use std::time::Instant;

static MIGRATOR: Migrator = sqlx::migrate!("src/db/migrations/sqlite");

/// Brings the schema up to date. Each migration is one transaction: stopping
/// the process in the middle loses nothing, and the next start begins it again.
pub async fn migrate(pool: &SqlitePool) -> anyhow::Result<()> {
    // Read once: what the database has decides both checks.
    let applied = applied(pool).await?;
    refuse_a_newer_schema(&applied)?;
    let pending = pending(&applied);
    let started = Instant::now();
    if !pending.is_empty() {
        tracing::info!(
            migrations = %pending.join(", "),
            "updating the database schema: on a large database this can take minutes; \
             stopping now loses nothing, the next start begins again"
        );
    }
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

/// The newest schema this binary knows.
pub fn schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// A binary older than the database (a rollback, a stale instance) must not
/// write into a schema it does not know: it stops with what to do instead.
fn refuse_a_newer_schema(applied: &HashSet<i64>) -> anyhow::Result<()> {
    let known = schema_version();
    match applied.iter().max() {
        Some(&newest) if newest > known => anyhow::bail!(
            "this database has schema version {newest}, written by a newer ankieter; this binary \
             knows schema version {known} and will not write into it. Run the newer ankieter \
             (`ankieter --version` names the schema each binary knows), or restore a backup \
             taken before the upgrade"
        ),
        _ => Ok(()),
    }
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

/// The migrations an existing database still lacks, as `version description`;
/// none for a new database, whose schema is created in a moment.
fn pending(applied: &HashSet<i64>) -> Vec<String> {
    if applied.is_empty() {
        return Vec::new();
    }
    MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
        .map(|m| format!("{:04} {}", m.version, m.description))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::SqlitePoolOptions;

    async fn memory_pool() -> SqlitePool {
        SqlitePoolOptions::new()
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

    #[test]
    fn the_version_the_cli_prints_is_the_newest_migration() {
        assert_eq!(
            env!("ANKIETER_SCHEMA_VERSION").parse::<i64>().unwrap(),
            schema_version()
        );
    }

    #[tokio::test]
    async fn a_database_from_a_newer_binary_is_refused_with_what_to_do() {
        let pool = memory_pool().await;
        migrate(&pool).await.unwrap();
        let newer = schema_version() + 1;
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
