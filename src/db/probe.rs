//! `ankieter config check`'s look at the database: reachable, and which
//! schema it has, without creating, migrating or writing anything.

use super::schema::schema_version;
use super::Backend;
use anyhow::Context;
use sqlx::ConnectOptions;
use std::str::FromStr;
use std::time::Duration;

/// How the database looks to a server about to start on it, or why it
/// could not start on it.
pub async fn probe(database_url: &str) -> anyhow::Result<String> {
    let known = schema_version();
    let applied = match Backend::of(database_url)? {
        Backend::Sqlite => {
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(database_url)
                .context("not a SQLite URL")?;
            let file = options.get_filename().to_path_buf();
            if !file.exists() {
                let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
                return match folder {
                    Some(folder) if !folder.exists() => Ok(format!(
                        "SQLite: {} does not exist yet; the server creates it and its folder",
                        file.display()
                    )),
                    _ => Ok(format!(
                        "SQLite: {} does not exist yet; the server creates it",
                        file.display()
                    )),
                };
            }
            let mut connection = options
                .read_only(true)
                .connect()
                .await
                .with_context(|| format!("cannot open {}", file.display()))?;
            newest_applied_sqlite(&mut connection).await?
        }
        Backend::Postgres => {
            let options = sqlx::postgres::PgConnectOptions::from_str(database_url)
                .context("not a PostgreSQL URL")?;
            let mut connection = tokio::time::timeout(Duration::from_secs(5), options.connect())
                .await
                .context("PostgreSQL did not answer within 5 s")?
                .context("cannot connect to PostgreSQL")?;
            newest_applied_postgres(&mut connection).await?
        }
    };
    match applied {
        None => Ok(format!("reachable, empty: the server creates schema {known}")),
        Some(newest) if newest > known => anyhow::bail!(
            "the database has schema {newest}, written by a newer ankieter; this binary knows {known} and would refuse to start"
        ),
        Some(newest) if newest < known => Ok(format!(
            "reachable, schema {newest}: the server migrates it to {known} when it starts"
        )),
        Some(newest) => Ok(format!("reachable, schema {newest} (current)")),
    }
}

/// The newest migration applied; `None` for a database without ankieter's
/// tables yet.
async fn newest_applied_sqlite(
    connection: &mut sqlx::SqliteConnection,
) -> anyhow::Result<Option<i64>> {
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *connection)
    .await?;
    if exists.is_none() {
        return Ok(None);
    }
    Ok(
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *connection)
            .await?,
    )
}

async fn newest_applied_postgres(
    connection: &mut sqlx::PgConnection,
) -> anyhow::Result<Option<i64>> {
    let exists: Option<String> = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
        .fetch_one(&mut *connection)
        .await?;
    if exists.is_none() {
        return Ok(None);
    }
    Ok(
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *connection)
            .await?,
    )
}
