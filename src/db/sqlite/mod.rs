//! SQLite backend: one file, WAL, `synchronous=FULL` so that an acknowledged
//! response survives a power loss.

mod accounts;
mod admins;
pub mod backup;
mod chats;
mod checkpoint;
mod contact_centers;
mod deliveries;
mod empik;
mod file;
mod in_use;
mod migrate;
mod privacy;
mod responses;
mod secrets;
mod surveys;
mod tokens;
mod writer;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

pub struct SqliteStore {
    pool: SqlitePool,
    /// Responses, claims and attempt results go through the group-commit writer.
    writer: tokio::sync::mpsc::Sender<writer::Job>,
    /// Whether responses could be stored lately, for readiness.
    response_writes: std::sync::Arc<writer::ResponseWrites>,
    /// Held while the store is open: a restore waits for it to close.
    _in_use: in_use::InUse,
}

impl SqliteStore {
    pub async fn connect(database_url: &str) -> anyhow::Result<Self> {
        Self::open(database_url, 0).await
    }

    /// Opens and migrates the database, and writes the WAL file out to
    /// `wal_ready_bytes` (0: no) before it returns.
    pub async fn open(database_url: &str, wal_ready_bytes: u64) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(database_url)
            .with_context(|| format!("invalid SQLite URL {database_url:?}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Checkpoints run in the background (below), never inside a commit.
            .pragma("wal_autocheckpoint", "0");
        let path = options.get_filename().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| {
                format!("cannot create the database folder {}", parent.display())
            })?;
        }
        let in_use = in_use::InUse::shared(&path)?;
        // Created and brought up to date on a connection of its own...
        let setup = crate::db::pool_options()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot open the SQLite database {database_url:?}"))?;
        migrate::migrate(&setup).await?;
        setup.close().await;
        // ...then read by a pool that cannot write: every write goes through
        // the writer thread (`SqliteStore::apply`), the only connection that
        // writes, so none waits on another's lock.
        let pool = crate::db::pool_options()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.read_only(true))
            .await
            .with_context(|| format!("cannot open the SQLite database {database_url:?}"))?;
        let file = file::DatabaseFile::new(path, database_url);
        let (writer, response_writes) = writer::spawn(&file, wal_ready_bytes).await?;
        checkpoint::spawn(file, &writer);
        Ok(Self {
            pool,
            writer,
            response_writes,
            _in_use: in_use,
        })
    }
}

impl SqliteStore {
    /// Runs `write` on the writer thread, in its transaction, and returns
    /// its result after the COMMIT. Every write goes through the one writer:
    /// no two connections ever wait on each other's lock ("database is
    /// locked"), and the writer alone opens the file for writing.
    async fn apply<T: Send + 'static>(
        &self,
        write: impl Fn(&rusqlite::Transaction<'_>) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let run: writer::ApplyFn = Box::new(move |tx| {
            write(tx).map(|value| Box::new(value) as Box<dyn std::any::Any + Send>)
        });
        let value = self
            .write(writer::Job::Apply { run, reply }, answer)
            .await?;
        Ok(*value
            .downcast::<T>()
            .expect("a write's answer is of its own type"))
    }

    /// Queues a job for the writer thread and waits for its batch's COMMIT.
    async fn write<T>(
        &self,
        job: writer::Job,
        answer: tokio::sync::oneshot::Receiver<anyhow::Result<T>>,
    ) -> anyhow::Result<T> {
        writer::run_job(&self.writer, job, answer).await
    }
}

/// One instance: its worker's wake and throttle are its own.
impl crate::db::Instances for SqliteStore {}

#[async_trait::async_trait]
impl crate::db::Lifecycle for SqliteStore {
    async fn close(&self) -> anyhow::Result<()> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = writer::Job::RestartWal {
            truncate: true,
            reply,
        };
        self.write(job, answer).await
    }

    async fn probe_write(&self, now: i64) -> anyhow::Result<()> {
        if let Some(refusal) = self.response_writes.refusal() {
            anyhow::bail!(refusal);
        }
        self.apply(move |tx| {
            tx.prepare_cached(
                "INSERT INTO meta (key, value) VALUES ('write_probe', ?1) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(rusqlite::params![now.to_string()])?;
            Ok(())
        })
        .await
    }
}

fn uuid(text: &str) -> anyhow::Result<Uuid> {
    Uuid::parse_str(text).with_context(|| format!("corrupt id {text:?} in the database"))
}

#[cfg(test)]
mod tests {
    use super::SqliteStore;
    use crate::db::AccountStore;

    #[tokio::test]
    async fn a_writer_connection_stuck_read_only_is_replaced_by_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("stuck.db").display());
        let store = SqliteStore::connect(&url).await.unwrap();
        // As a connection opened while the file could not be written stays.
        store
            .apply(|tx| Ok(tx.execute_batch("PRAGMA query_only = 1")?))
            .await
            .unwrap();

        let refused = store.set_meta("a", "1").await.unwrap_err();
        assert!(format!("{refused:#}").contains("readonly"), "{refused:#}");
        store
            .set_meta("b", "2")
            .await
            .expect("the next write gets a new connection");
        assert_eq!(store.meta("b").await.unwrap().as_deref(), Some("2"));
    }
}
