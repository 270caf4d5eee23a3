//! The WAL file written out to its working size before the first burst.
//!
//! A commit's `fdatasync` costs more when the commit appended to the WAL
//! than when it overwrote blocks the file already had: the new blocks are
//! allocated at writeback, and their allocation is written too (on this
//! machine's ext4, 4 KiB + fdatasync: 0.45 ms appending, 0.17 ms
//! overwriting; 256 KiB: 0.66 vs 0.39 ms). The WAL starts over from its
//! beginning but keeps its size (see `checkpoint`), so only the first cycle
//! after a start appends, and that is where the submit tail was. Writing
//! the file out once at start moves that cost off the commit path.
//!
//! Safe by SQLite's design: a WAL that starts over leaves old frames behind
//! it, and frames whose salt does not match the header (zeros never do) end
//! the log; a zero header reads as an empty WAL. The write lock is held
//! meanwhile, so no connection appends frames where the zeros go.

use anyhow::Context;
use rusqlite::Connection;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

const CHUNK: usize = 1 << 20;

/// Readies the WAL for a burst. A WAL longer than `bytes` (gigabytes after a
/// migration that rebuilt a table; up to 160 MB after a crash) is first
/// copied into the database file and cut, so that the first commits do not
/// queue behind that copy and its disk space comes back at once. Then the
/// file is written out to `bytes`. Failures cost speed only, never data.
pub(super) fn prepare(connection: &Connection, database: &Path, bytes: u64) {
    let left = std::fs::metadata(wal_path(database)).map_or(0, |file| file.len());
    if left > bytes {
        tracing::info!(
            size_mb = left >> 20,
            "copying the WAL left from before into the database file"
        );
        if let Err(error) = super::restart_wal(connection, true) {
            // Another process has the database open: the background
            // checkpoints copy it while the server runs.
            tracing::warn!(
                error = format!("{error:#}"),
                "the WAL left from before stays"
            );
        }
    }
    let started = std::time::Instant::now();
    match write_out(connection, database, bytes) {
        Ok(0) => {}
        Ok(added) => tracing::debug!(
            added_mb = added >> 20,
            size_mb = bytes >> 20,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "the WAL file is written out for a burst of submits"
        ),
        // Only speed is at stake: the WAL grows as it would have.
        Err(error) => tracing::warn!(
            error = format!("{error:#}"),
            "cannot write out the WAL file"
        ),
    }
}

/// Extends the WAL of the database at `database` with zeros up to `bytes`
/// (a longer file is left alone). Returns the bytes added.
pub(super) fn write_out(
    connection: &Connection,
    database: &Path,
    bytes: u64,
) -> anyhow::Result<u64> {
    connection
        .execute_batch("BEGIN IMMEDIATE")
        .context("cannot take the write lock")?;
    let result = extend(&wal_path(database), bytes);
    // Nothing was written through SQLite: the transaction only held the lock.
    connection.execute_batch("ROLLBACK")?;
    result
}

fn extend(wal: &Path, bytes: u64) -> anyhow::Result<u64> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(wal)
        .with_context(|| format!("cannot open {}", wal.display()))?;
    let start = file.metadata()?.len();
    let zeros = vec![0u8; CHUNK];
    let mut at = start;
    let written = (|| {
        while at < bytes {
            let len = zeros.len().min((bytes - at) as usize);
            file.write_all_at(&zeros[..len], at)?;
            at += len as u64;
        }
        file.sync_data()
    })();
    if let Err(error) = written {
        // A full disk, say: give the space back; the WAL only grows later.
        let _ = file.set_len(start);
        return Err(error).with_context(|| format!("cannot write out {}", wal.display()));
    }
    Ok(at - start)
}

fn wal_path(database: &Path) -> PathBuf {
    let mut wal = database.as_os_str().to_owned();
    wal.push("-wal");
    PathBuf::from(wal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(path: &Path) -> Connection {
        let connection = Connection::open(path).unwrap();
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; \
                 CREATE TABLE IF NOT EXISTS t (n INTEGER)",
            )
            .unwrap();
        connection
    }

    fn count(connection: &Connection) -> i64 {
        connection
            .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn the_written_out_wal_keeps_every_commit_before_and_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let writer = open(&path);
        writer.execute("INSERT INTO t VALUES (1)", []).unwrap();
        let before = std::fs::metadata(wal_path(&path)).unwrap().len();
        assert!(before < 64 << 10, "a few frames so far: {before} bytes");

        let added = write_out(&writer, &path, 4 << 20).unwrap();
        assert_eq!(added, (4 << 20) - before);
        assert_eq!(std::fs::metadata(wal_path(&path)).unwrap().len(), 4 << 20);
        writer.execute("INSERT INTO t VALUES (2)", []).unwrap();

        // Another connection recovers the WAL from the file, as after a
        // crash: both commits are there, the zeros after them are not.
        let reader = open(&path);
        assert_eq!(count(&reader), 2);
        writer.execute("INSERT INTO t VALUES (3)", []).unwrap();
        assert_eq!(count(&reader), 3);
    }

    #[test]
    fn an_empty_wal_is_written_out_whole_and_then_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let writer = open(&path);
        // Copied and cut to nothing: the zeros include the header.
        writer
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        assert_eq!(std::fs::metadata(wal_path(&path)).unwrap().len(), 0);
        assert_eq!(write_out(&writer, &path, 1 << 20).unwrap(), 1 << 20);
        assert_eq!(write_out(&writer, &path, 1 << 20).unwrap(), 0);
        assert_eq!(write_out(&writer, &path, 4096).unwrap(), 0);
        writer.execute("INSERT INTO t VALUES (1)", []).unwrap();
        assert_eq!(count(&open(&path)), 1);
    }

    #[test]
    fn a_wal_longer_than_its_working_size_is_copied_into_the_database_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let writer = open(&path);
        // ~4 MB of commits left in the WAL, as a migration leaves them.
        writer
            .execute(
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 4000) \
                 INSERT INTO t SELECT randomblob(1000) FROM s",
                [],
            )
            .unwrap();
        assert!(std::fs::metadata(wal_path(&path)).unwrap().len() > 3 << 20);

        prepare(&writer, &path, 1 << 20);
        assert_eq!(std::fs::metadata(wal_path(&path)).unwrap().len(), 1 << 20);
        // The database file alone has every row: the WAL was copied, then cut.
        let copy = dir.path().join("copy.db");
        std::fs::copy(&path, &copy).unwrap();
        assert_eq!(count(&open(&copy)), 4000);
    }
}
