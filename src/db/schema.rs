//! What both backends decide about their migrations the same way: the
//! schema a binary knows, refusing a database written by a newer binary,
//! and naming the migrations a database still lacks.

use sqlx::migrate::Migrator;
use std::collections::HashSet;

/// SQLite's migrations. PostgreSQL's share their numbers (a later migration
/// comes as a pair), so this is the schema version of either backend.
pub static SQLITE: Migrator = sqlx::migrate!("src/db/migrations/sqlite");
pub static POSTGRES: Migrator = sqlx::migrate!("src/db/migrations/postgres");

/// The newest schema this binary knows.
pub fn schema_version() -> i64 {
    newest(&SQLITE)
}

pub(crate) fn newest(migrator: &Migrator) -> i64 {
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// A binary older than the database (a rollback, a stale instance) must not
/// write into a schema it does not know: it stops with what to do instead.
pub(crate) fn refuse_a_newer_schema(
    migrator: &Migrator,
    applied: &HashSet<i64>,
) -> anyhow::Result<()> {
    let known = newest(migrator);
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

/// The migrations an existing database still lacks, as `version description`;
/// none for a new database, whose schema is created in a moment.
pub(crate) fn pending(migrator: &Migrator, applied: &HashSet<i64>) -> Vec<String> {
    if applied.is_empty() {
        return Vec::new();
    }
    migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
        .map(|m| format!("{:04} {}", m.version, m.description))
        .collect()
}

/// Says which migrations are about to run on an existing database: on a
/// large one a migration may take minutes, and a server that says nothing
/// for a minute looks hung.
pub(crate) fn announce(pending: &[String]) {
    if !pending.is_empty() {
        tracing::info!(
            migrations = %pending.join(", "),
            "updating the database schema: on a large database this can take minutes; \
             stopping now loses nothing, the next start begins again"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_the_cli_prints_is_the_newest_migration() {
        assert_eq!(
            env!("ANKIETER_SCHEMA_VERSION").parse::<i64>().unwrap(),
            schema_version()
        );
    }

    #[test]
    fn both_backends_know_the_same_schema_version() {
        assert_eq!(newest(&SQLITE), newest(&POSTGRES));
    }
}
