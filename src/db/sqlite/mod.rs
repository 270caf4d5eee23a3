//! SQLite backend: one file, WAL, `synchronous=FULL` so that an acknowledged
//! response survives a power loss.

mod accounts;
mod admins;
mod checkpoint;
mod deliveries;
mod migrate;
mod responses;
mod secrets;
mod surveys;
mod tokens;
mod writer;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

pub struct SqliteStore {
    pool: SqlitePool,
    /// Responses, claims and attempt results go through the group-commit writer.
    writer: tokio::sync::mpsc::Sender<writer::Job>,
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
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the SQLite database {database_url:?}"))?;
        migrate::migrate(&pool).await?;
        let writer = writer::spawn(&path, wal_ready_bytes).await?;
        checkpoint::spawn(pool.clone(), &writer);
        Ok(Self { pool, writer })
    }
}

impl SqliteStore {
    /// Queues a job for the writer thread and waits for its batch's COMMIT.
    async fn write<T>(
        &self,
        job: writer::Job,
        answer: tokio::sync::oneshot::Receiver<anyhow::Result<T>>,
    ) -> anyhow::Result<T> {
        writer::run_job(&self.writer, job, answer).await
    }
}

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
}

fn uuid(text: &str) -> anyhow::Result<Uuid> {
    Uuid::parse_str(text).with_context(|| format!("corrupt id {text:?} in the database"))
}
