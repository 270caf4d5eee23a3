//! Keeping the WAL small while the writer never stops.
//!
//! A passive checkpoint on a connection of its own copies WAL frames back
//! into the database off the commit path. But SQLite only starts the WAL over from
//! its beginning when a checkpoint has copied *every* frame before the next
//! write transaction begins, and under a steady stream of submits the group
//! commit writer begins the next one at once: the WAL then grew without end
//! (850 MB after six seconds of the load benchmark, ~7 KB per response) and
//! every write appended to new disk blocks.
//!
//! So once the WAL passes [`RESTART_AT_FRAMES`], passes run back to back
//! until one finds little left to copy, and then the writer itself restarts
//! the WAL between two batches: it copies that little rest and starts over
//! from the file's beginning. The writer pauses for a few milliseconds
//! instead of for the whole copy.

use super::file::DatabaseFile;
use super::writer;
use crate::telemetry::Failures;
use anyhow::Context;
use rusqlite::Connection;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// 64 MiB of 4 KiB pages: the WAL is started over from about this size.
const RESTART_AT_FRAMES: i64 = 16_384;
/// A pass that copied fewer frames than this leaves a rest the writer may
/// copy within a few milliseconds.
const SMALL_REST_FRAMES: i64 = 1_024;
/// Should the passes never catch up with the writer, it restarts the WAL
/// anyway at this size: a longer pause, but the file stays bounded.
const GIVE_UP_AT_FRAMES: i64 = 4 * RESTART_AT_FRAMES;
/// Between passes while the WAL is small. Short, so that each pass copies
/// and fsyncs a small burst: a second's worth at once made the commits' own
/// fsyncs queue behind it (submits at ~7.5k/s: p99 12-17 ms with 200 ms,
/// 17-72 ms with 1 s, in alternating rounds).
const IDLE_PAUSE: Duration = Duration::from_millis(200);

/// Runs until the store is dropped (its writer has no other sender left).
pub(super) fn spawn(file: DatabaseFile, writer: &mpsc::Sender<writer::Job>) {
    let writer = writer.downgrade();
    tokio::spawn(async move {
        let mut checkpointer = Checkpointer::new(file);
        let mut failures = Failures::new("the WAL checkpoint");
        let mut copied_before = 0;
        loop {
            let Some(writer) = writer.upgrade() else {
                return;
            };
            let (frames, copied) = match checkpointer.pass().await {
                Ok(counts) => {
                    failures.succeeded();
                    counts
                }
                Err(error) => {
                    let pause = failures.failed(&error).max(IDLE_PAUSE);
                    tokio::time::sleep(pause).await;
                    continue;
                }
            };
            let this_pass = copied_by_pass(copied_before, copied);
            copied_before = copied;
            tracing::debug!(frames, copied, this_pass, "checkpoint pass");
            match next_step(frames, this_pass) {
                Step::Pause => tokio::time::sleep(IDLE_PAUSE).await,
                Step::PassAgain => {}
                Step::Restart => {
                    match restart_by_writer(&writer).await {
                        Ok(()) => copied_before = 0,
                        Err(error) => {
                            tracing::warn!(error = format!("{error:#}"), "WAL restart failed")
                        }
                    }
                    tokio::time::sleep(IDLE_PAUSE).await;
                }
            }
        }
    });
}

/// The checkpoints' own connection. It is opened again after any failure:
/// one opened while the file could not be written (its permissions pulled,
/// say) would otherwise stay read-only after the fault was mended.
struct Checkpointer {
    file: DatabaseFile,
    connection: Option<Connection>,
}

impl Checkpointer {
    fn new(file: DatabaseFile) -> Self {
        Self {
            file,
            connection: None,
        }
    }

    /// One passive checkpoint: (frames in the WAL, frames copied so far).
    async fn pass(&mut self) -> anyhow::Result<(i64, i64)> {
        let connection = match self.connection.take() {
            Some(connection) => connection,
            None => self
                .file
                .open()
                .context("cannot open the database for checkpoints")?,
        };
        let (connection, result) = tokio::task::spawn_blocking(move || {
            let result = passive(&connection);
            (connection, result)
        })
        .await
        .context("a checkpoint pass panicked")?;
        if result.is_ok() {
            self.connection = Some(connection);
        }
        result
    }
}

fn passive(connection: &Connection) -> anyhow::Result<(i64, i64)> {
    let (_busy, frames, copied): (i64, i64, i64) = connection
        .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .context("cannot copy the WAL into the database")?;
    Ok((frames, copied))
}

#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// The WAL is small: the next pass after [`IDLE_PAUSE`].
    Pause,
    /// The WAL is large and the last pass still had much to copy.
    PassAgain,
    /// The WAL is large and little is left to copy (or the passes cannot
    /// keep up): the writer restarts it.
    Restart,
}

/// Frames the last pass copied, from the WAL's copied count before and
/// after it. The count is from the WAL's start, so a restart in between
/// (ours, or SQLite's own when the WAL was idle) sets it back.
fn copied_by_pass(before: i64, after: i64) -> i64 {
    if after >= before {
        after - before
    } else {
        after
    }
}

/// What follows a pass that found `frames` in the WAL and copied `this_pass`.
fn next_step(frames: i64, this_pass: i64) -> Step {
    if frames < RESTART_AT_FRAMES {
        Step::Pause
    } else if this_pass < SMALL_REST_FRAMES || frames >= GIVE_UP_AT_FRAMES {
        Step::Restart
    } else {
        Step::PassAgain
    }
}

async fn restart_by_writer(writer: &mpsc::Sender<writer::Job>) -> anyhow::Result<()> {
    let (reply, answer) = oneshot::channel();
    writer::run_job(
        writer,
        writer::Job::RestartWal {
            truncate: false,
            reply,
        },
        answer,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_wal_is_copied_until_little_is_left_then_restarted() {
        assert_eq!(next_step(RESTART_AT_FRAMES - 1, 0), Step::Pause);
        // The first pass over a large WAL copies much: another pass at once.
        assert_eq!(
            next_step(RESTART_AT_FRAMES, RESTART_AT_FRAMES),
            Step::PassAgain
        );
        // It caught up with the writer: the rest is small.
        assert_eq!(next_step(RESTART_AT_FRAMES + 500, 200), Step::Restart);
        // It never catches up: restarted anyway, the file stays bounded.
        assert_eq!(next_step(GIVE_UP_AT_FRAMES, 20_000), Step::Restart);
    }

    #[test]
    fn a_pass_after_a_restart_counts_from_the_wal_start() {
        assert_eq!(copied_by_pass(1_000, 1_500), 500);
        assert_eq!(copied_by_pass(30_000, 700), 700);
    }

    #[tokio::test]
    async fn the_writer_starts_the_wal_over_between_batches() {
        use crate::db::AccountStore;
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("wal.db").display());
        let store = super::super::SqliteStore::connect(&url).await.unwrap();
        // Forty commits, none of them copied into the database yet.
        for n in 0..40 {
            store.set_meta(&format!("wal-test-{n}"), "x").await.unwrap();
        }

        restart_by_writer(&store.writer).await.unwrap();
        store.set_meta("after", "x").await.unwrap();
        let file = super::super::file::DatabaseFile::new(dir.path().join("wal.db"), &url);
        let mut checkpointer = Checkpointer::new(file);
        let (after, _) = checkpointer.pass().await.unwrap();
        assert!(
            after < 5,
            "the next write starts from the WAL's beginning: {after} frames"
        );
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM meta WHERE key LIKE 'wal-test-%'")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(rows, 40, "nothing written before the restart is lost");
    }
}
