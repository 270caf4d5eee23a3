//! Group commit. One writer thread, with its own SQLite connection and
//! prepared statements, takes every write of the hot paths from a queue —
//! new responses, the delivery worker's claims and its results — runs up to
//! `MAX_BATCH` of them in one transaction and answers each after that
//! COMMIT: one fsync per batch instead of one per write, and no two
//! connections ever wait on each other's write lock (SQLite's busy handler
//! sleeps in steps of milliseconds, which showed in the delivery tail). It
//! uses rusqlite directly: sqlx's per-statement hop to its worker thread
//! cost more than the writes themselves.

mod deliveries;
mod health;
mod responses;
mod savepoint;
mod wal_file;

pub(super) use deliveries::{ClaimRequest, ClaimedRow, FinishedRow};

pub(super) use health::ResponseWrites;
pub(super) use responses::{DeliveryColumns, PendingInsert, ResponseColumns};

use health::{health_after, Health};

use super::file::DatabaseFile;
use anyhow::Context;
use rusqlite::{Connection, TransactionBehavior};
use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

const MAX_BATCH: usize = 256;
const QUEUE: usize = 4_096;
/// A WAL that grew past this (the passes could not catch up) is cut back to
/// it when it starts over. Above the ~75-100 MB a restart usually happens
/// at (see `checkpoint`), so that in a steady burst the commits overwrite
/// the file's blocks instead of truncating and growing it every cycle.
const WAL_KEPT_BYTES: i64 = 160 << 20;
/// How long a write waits for another connection's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a WAL restart waits for readers of older snapshots (an export,
/// say) before it gives up until next time; the writer pauses meanwhile.
const RESTART_WAIT: Duration = Duration::from_millis(20);
/// The same at a stop, when nothing else of this process writes any more;
/// short, as the stop's 10 s are mostly taken by the server and the worker.
const STOP_WAIT: Duration = Duration::from_millis(500);

/// One write for the writer thread, answered after its batch commits.
pub(super) enum Job {
    Insert(Box<PendingInsert>),
    /// Reserves due deliveries in turns across accounts (see `deliveries::claim`).
    Claim {
        request: ClaimRequest,
        reply: oneshot::Sender<anyhow::Result<(Vec<ClaimedRow>, bool)>>,
    },
    /// Records finished attempts.
    Finish {
        rows: Vec<FinishedRow>,
        now: i64,
        reply: oneshot::Sender<anyhow::Result<()>>,
    },
    /// Any other write (the admin's, the API's and the CLI's): a function run
    /// in the batch's transaction, in a savepoint of its own so that its
    /// error fails it alone, and answered after the COMMIT. It may run twice:
    /// when a batch cannot commit, its jobs are run again one by one.
    Apply {
        run: ApplyFn,
        reply: oneshot::Sender<anyhow::Result<Box<dyn Any + Send>>>,
    },
    /// Copies the rest of the WAL into the database and starts it over (see
    /// `checkpoint`); run between two batches, outside any transaction.
    /// With `truncate` (at a stop) the file is also cut to nothing, so that
    /// the database file alone holds everything.
    RestartWal {
        truncate: bool,
        reply: oneshot::Sender<anyhow::Result<()>>,
    },
}

/// The function of an [`Job::Apply`].
pub(super) type ApplyFn =
    Box<dyn Fn(&rusqlite::Transaction<'_>) -> anyhow::Result<Box<dyn Any + Send>> + Send>;

impl Job {
    /// Sends the job's result, once its batch has committed.
    fn answer(self, result: JobResult) {
        let _ = match (self, result) {
            (Job::Insert(pending), JobResult::Insert(outcome)) => {
                pending.reply.send(Ok(outcome)).is_ok()
            }
            (Job::Claim { reply, .. }, JobResult::Claim(rows)) => reply.send(Ok(rows)).is_ok(),
            (Job::Finish { reply, .. }, JobResult::Finish) => reply.send(Ok(())).is_ok(),
            (Job::Apply { reply, .. }, JobResult::Apply(result)) => reply.send(result).is_ok(),
            (Job::RestartWal { reply, .. }, JobResult::RestartWal) => reply.send(Ok(())).is_ok(),
            _ => unreachable!("each job has the result of its own kind"),
        };
    }

    fn fail(self, error: &Arc<anyhow::Error>) {
        let error = || crate::shared_error::SharedError::handle(error);
        let _ = match self {
            Job::Insert(pending) => pending.reply.send(Err(error())).is_ok(),
            Job::Claim { reply, .. } => reply.send(Err(error())).is_ok(),
            Job::Finish { reply, .. } => reply.send(Err(error())).is_ok(),
            Job::Apply { reply, .. } => reply.send(Err(error())).is_ok(),
            Job::RestartWal { reply, .. } => reply.send(Err(error())).is_ok(),
        };
    }
}

/// Queues `job` and waits for its answer (after its batch's COMMIT).
pub(super) async fn run_job<T>(
    writer: &mpsc::Sender<Job>,
    job: Job,
    answer: oneshot::Receiver<anyhow::Result<T>>,
) -> anyhow::Result<T> {
    writer
        .send(job)
        .await
        .map_err(|_| anyhow::anyhow!("the database writer has stopped"))?;
    answer.await.context("the database writer has stopped")?
}

/// Opens the writer's connection (the database is already migrated) and
/// starts its thread; it ends when the last sender is dropped. The thread
/// first readies the WAL file at `wal_ready_bytes` (see `wal_file`), and
/// this returns after that: the server listens only then, since requests
/// queued behind the write-out would wait all of it (0.1–1.4 s measured).
pub(super) async fn spawn(
    file: &DatabaseFile,
    wal_ready_bytes: u64,
) -> anyhow::Result<(mpsc::Sender<Job>, Arc<ResponseWrites>)> {
    let connection = open(file)?;
    let writes = Arc::new(ResponseWrites::default());
    let told = writes.clone();
    let (sender, receiver) = mpsc::channel(QUEUE);
    let (ready, prepared) = oneshot::channel();
    let file = file.clone();
    std::thread::Builder::new()
        .name("ankieter-writer".into())
        .spawn(move || {
            if wal_ready_bytes > 0 {
                wal_file::prepare(&connection, file.path(), wal_ready_bytes);
            }
            let _ = ready.send(());
            run(connection, &file, receiver, &told)
        })
        .context("cannot start the database writer")?;
    prepared
        .await
        .context("the database writer stopped while starting")?;
    Ok((sender, writes))
}

/// The writer's connection, set up for durable group commits.
fn open(file: &DatabaseFile) -> anyhow::Result<Connection> {
    let connection = file
        .open()
        .context("cannot open the database for writing")?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    connection.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
         PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {WAL_KEPT_BYTES};",
    ))?;
    Ok(connection)
}

fn run(
    mut connection: Connection,
    file: &DatabaseFile,
    mut queue: mpsc::Receiver<Job>,
    writes: &ResponseWrites,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.blocking_recv_many(&mut batch, MAX_BATCH) > 0 {
        let restarts = take_restarts(&mut batch);
        if !batch.is_empty() && write_queued(&mut connection, &mut batch, writes) == Health::Broken
        {
            // A connection that met a read-only or I/O error may stay
            // broken after the fault is mended: the next batch gets a new one.
            match open(file) {
                Ok(fresh) => connection = fresh,
                Err(error) => tracing::warn!(
                    error = format!("{error:#}"),
                    "cannot open the database again for writing; keeping the old connection"
                ),
            }
        }
        for job in restarts {
            let truncate = matches!(job, Job::RestartWal { truncate: true, .. });
            match restart_wal(&connection, truncate) {
                Ok(()) => job.answer(JobResult::RestartWal),
                Err(error) => job.fail(&Arc::new(error)),
            }
        }
    }
}

fn take_restarts(batch: &mut Vec<Job>) -> Vec<Job> {
    if !batch
        .iter()
        .any(|job| matches!(job, Job::RestartWal { .. }))
    {
        return Vec::new();
    }
    let (restarts, writes) = std::mem::take(batch)
        .into_iter()
        .partition(|job| matches!(job, Job::RestartWal { .. }));
    *batch = writes;
    restarts
}

/// Copies what is left of the WAL and starts it over (`truncate`: and cuts
/// the file to nothing). Readers of older snapshots are waited for only
/// briefly: if one is still reading, the restart is left for the next time.
fn restart_wal(connection: &Connection, truncate: bool) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let (mode, wait) = if truncate {
        ("TRUNCATE", STOP_WAIT)
    } else {
        ("RESTART", RESTART_WAIT)
    };
    connection.busy_timeout(wait)?;
    let result = connection.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
        ))
    });
    connection.busy_timeout(BUSY_TIMEOUT)?;
    let (busy, frames, copied) = result.context("cannot restart the WAL")?;
    let elapsed_us = started.elapsed().as_micros() as u64;
    if !truncate {
        tracing::debug!(
            restarted = busy == 0,
            frames,
            copied,
            elapsed_us,
            "WAL restart"
        );
    } else if busy == 0 {
        // TRUNCATE reports the emptied WAL (0 frames): only the time says much.
        tracing::debug!(elapsed_us, "the WAL is copied into the database file");
    } else {
        anyhow::bail!(
            "another connection (a reader, or a checkpoint still copying) kept the WAL busy; \
             it stays beside the database file"
        );
    }
    Ok(())
}

/// Writes one batch of queued jobs.
fn write_queued(
    connection: &mut Connection,
    batch: &mut Vec<Job>,
    writes: &ResponseWrites,
) -> Health {
    let started = std::time::Instant::now();
    let size = batch.len();
    let mut health = Health::Fine;
    if size == 1 {
        health = commit_or_fail(connection, batch, writes);
    } else if let Err(error) = commit(connection, batch, writes) {
        // Nothing of the batch was committed. One bad job (a response for
        // a survey deleted a moment ago, say) must not fail the others:
        // they are written again one by one, and only the bad one fails.
        tracing::warn!(
            error = format!("{error:#}"),
            size,
            "a batch failed; writing its jobs one at a time"
        );
        for job in std::mem::take(batch) {
            if commit_or_fail(connection, &mut vec![job], writes) == Health::Broken {
                health = Health::Broken;
            }
        }
    }
    tracing::debug!(
        size,
        elapsed_us = started.elapsed().as_micros() as u64,
        "batch committed"
    );
    health
}

/// Writes the jobs in one transaction, then answers each. On error nothing
/// was committed and the jobs stay in `batch`, unanswered.
fn commit(
    connection: &mut Connection,
    batch: &mut Vec<Job>,
    writes: &ResponseWrites,
) -> anyhow::Result<()> {
    let results = write_batch(connection, batch)?;
    if has_responses(batch) {
        writes.stored();
    }
    for (job, result) in batch.drain(..).zip(results) {
        job.answer(result);
    }
    Ok(())
}

fn has_responses(batch: &[Job]) -> bool {
    batch.iter().any(|job| matches!(job, Job::Insert(_)))
}

fn commit_or_fail(
    connection: &mut Connection,
    batch: &mut Vec<Job>,
    writes: &ResponseWrites,
) -> Health {
    match commit(connection, batch, writes) {
        Ok(()) => Health::Fine,
        Err(error) => {
            if has_responses(batch) {
                writes.failed(&error);
            }
            tracing::error!(
                error = format!("{error:#}"),
                "a write could not be committed"
            );
            let shared = Arc::new(error);
            batch.drain(..).for_each(|job| job.fail(&shared));
            health_after(&shared)
        }
    }
}

/// What a batch's inserts need to know of the accounts, read once per
/// batch rather than once per response.
pub(super) struct AccountStates {
    /// A paused account queues new deliveries as paused: they would only
    /// hit the same authentication error.
    pub paused: HashMap<String, String>,
    /// The accounts with a response webhook: each response gets a post.
    pub webhooks: HashSet<String>,
}

impl AccountStates {
    fn read(tx: &rusqlite::Transaction<'_>) -> anyhow::Result<Self> {
        let paused = tx
            .prepare_cached(
                "SELECT id, sm_paused_reason FROM accounts WHERE sm_paused_reason IS NOT NULL",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let webhooks = tx
            .prepare_cached("SELECT id FROM accounts WHERE webhook_url IS NOT NULL")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Self { paused, webhooks })
    }
}

/// Runs the jobs in one transaction and returns their results in order.
fn write_batch(connection: &mut Connection, batch: &[Job]) -> anyhow::Result<Vec<JobResult>> {
    // IMMEDIATE takes the write lock up front (waiting on busy_timeout); a
    // deferred transaction that reads first could fail to upgrade at once
    // when another connection wrote meanwhile.
    let tx = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("cannot start a transaction")?;
    let mut accounts = AccountStates::read(&tx)?;
    let mut results = Vec::with_capacity(batch.len());
    for job in batch.iter() {
        results.push(match job {
            Job::Insert(pending) => JobResult::Insert(responses::insert(&tx, pending, &accounts)?),
            Job::Claim { request, .. } => JobResult::Claim(deliveries::claim(&tx, request)?),
            Job::Finish { rows, now, .. } => {
                deliveries::finish(&tx, rows, *now, &mut accounts.paused)?;
                JobResult::Finish
            }
            Job::Apply { run, .. } => JobResult::Apply(savepoint::apply(&tx, run)?),
            Job::RestartWal { .. } => {
                anyhow::bail!("a WAL restart cannot run inside a transaction")
            }
        });
    }
    tx.commit().context("cannot commit")?;
    Ok(results)
}

enum JobResult {
    Insert(crate::db::InsertOutcome),
    Claim((Vec<ClaimedRow>, bool)),
    Finish,
    Apply(anyhow::Result<Box<dyn Any + Send>>),
    RestartWal,
}
