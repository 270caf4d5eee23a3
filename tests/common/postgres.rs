//! PostgreSQL for tests: each test gets a schema of its own in the test
//! database, so tests run side by side and leave nothing to each other.
//!
//! `ANKIETER_TEST_DATABASE_URL` names the database (default: the local
//! `postgres://postgres@127.0.0.1:5432/test`). Under `CI` a missing
//! PostgreSQL fails the test; elsewhere the test says loudly that it did
//! not run.
#![allow(dead_code)] // each test binary uses a different part

use sqlx::Connection;

const LOCAL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A schema older than this is a leftover of an earlier run (a test that
/// failed or was killed): the next run drops it.
const LEFTOVER_SECONDS: u64 = 3 * 3600;

/// The URL the API suite runs on when set (otherwise it uses SQLite).
pub fn suite_database_url() -> Option<String> {
    std::env::var("ANKIETER_TEST_DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"))
}

/// A fresh, empty schema for one test, as a database URL that selects it;
/// `None` (after a loud note) when PostgreSQL is not there outside CI.
pub async fn fresh_database(test: &str) -> Option<String> {
    let base = suite_database_url().unwrap_or_else(|| LOCAL.to_owned());
    match create_schema(&base).await {
        Ok(url) => Some(url),
        Err(error) if std::env::var_os("CI").is_some() => panic!(
            "{test} needs PostgreSQL at {base} (ANKIETER_TEST_DATABASE_URL), and CI must provide it: {error}"
        ),
        Err(error) => {
            eprintln!(
                "\n*** SKIPPED {test}: it needs PostgreSQL at {base} ({error}). Start it, or set \
                 ANKIETER_TEST_DATABASE_URL. ***\n"
            );
            None
        }
    }
}

async fn create_schema(base: &str) -> anyhow::Result<String> {
    let mut conn = sqlx::PgConnection::connect(base).await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    drop_leftovers(&mut conn, now).await;
    let schema = format!("t_{now}_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut conn)
        .await?;
    let separator = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{separator}options[search_path]={schema}"))
}

/// Drops the schemas earlier runs left behind (best effort: another test
/// process may be dropping them too).
async fn drop_leftovers(conn: &mut sqlx::PgConnection, now: u64) {
    let Ok(names) = sqlx::query_scalar::<_, String>(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'",
    )
    .fetch_all(&mut *conn)
    .await
    else {
        return;
    };
    for name in names {
        let created = name
            .split('_')
            .nth(1)
            .and_then(|secs| secs.parse::<u64>().ok());
        if created.is_some_and(|at| at + LEFTOVER_SECONDS < now) {
            let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                .execute(&mut *conn)
                .await;
        }
    }
}
