//! Online backup and restore of a SQLite installation.
//!
//! A backup is `VACUUM INTO` a file beside the target: one read
//! transaction, so the copy is the database as it was at one instant —
//! every response acknowledged before the backup began is in it — while the
//! server goes on writing (a WAL reader blocks no writer). SQLite's backup
//! API was the other candidate; it starts over whenever another connection
//! writes, so under steady submissions it might never finish. The copy is
//! checked, synced and only then renamed to its name, so a file under that
//! name is always a whole backup.
//!
//! A restore checks the file first (a database, ankieter's, whole, not from
//! a newer ankieter), takes the installation's lock (see `in_use`), keeps
//! what it replaces beside it, and puts the copy in place the same way.

use super::in_use::InUse;
use crate::db::schema::{self, SQLITE as MIGRATOR};
use anyhow::Context;
use rusqlite::{Connection, OpenFlags};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// How far a backup is: bytes written of about how many.
#[derive(Debug, Clone, Copy)]
pub struct BackupProgress {
    pub written: u64,
    /// The database's used pages; the copy leaves free pages out.
    pub expected: u64,
}

/// What a backup or a restore put in place.
#[derive(Debug)]
pub struct CopyReport {
    pub bytes: u64,
    pub surveys: i64,
    pub responses: i64,
    pub deliveries: i64,
    pub schema_version: i64,
    pub elapsed: Duration,
    /// Restore only: where the database it replaced was kept.
    pub set_aside: Option<PathBuf>,
}

/// The file a `sqlite://` URL names.
pub fn sqlite_path(database_url: &str) -> anyhow::Result<PathBuf> {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(database_url)
        .with_context(|| format!("invalid SQLite URL {database_url:?}"))?;
    Ok(options.get_filename().to_path_buf())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Copies the database at `database` (in use or not) into `to`.
pub fn backup(
    database: &Path,
    to: &Path,
    replace: bool,
    progress: &mut dyn FnMut(BackupProgress),
) -> anyhow::Result<CopyReport> {
    let started = Instant::now();
    anyhow::ensure!(
        database.is_file(),
        "there is no database at {}",
        database.display()
    );
    anyhow::ensure!(
        replace || !to.exists(),
        "{} exists already: choose another name, or add --force to replace it",
        to.display()
    );
    // A restore must not swap the file while it is being read.
    let _in_use = InUse::shared(database)?;
    let partial = with_suffix(to, ".partial");
    let _ = std::fs::remove_file(&partial);
    let source = Connection::open_with_flags(
        database,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {}", database.display()))?;
    source.busy_timeout(Duration::from_secs(30))?;
    let used_pages: i64 = source.query_row(
        "SELECT page_count - freelist_count FROM pragma_page_count, pragma_freelist_count",
        [],
        |row| row.get(0),
    )?;
    let page_size: i64 = source.query_row("PRAGMA page_size", [], |row| row.get(0))?;
    let expected = (used_pages * page_size).max(0) as u64;
    let target = partial
        .to_str()
        .context("the backup's path must be valid UTF-8")?
        .to_owned();
    let copying = std::thread::spawn(move || source.execute("VACUUM INTO ?1", [target]));
    while !copying.is_finished() {
        let written = std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
        progress(BackupProgress { written, expected });
        std::thread::sleep(Duration::from_millis(200));
    }
    let copied = copying
        .join()
        .map_err(|_| anyhow::anyhow!("the backup thread panicked"))?;
    if let Err(error) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(error)
            .with_context(|| format!("cannot write the backup {}", partial.display()));
    }
    // One self-contained file (no WAL beside it), checked before it counts.
    let report = {
        let copy = Connection::open(&partial)?;
        copy.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        check(&copy, &partial)?
    };
    let bytes = std::fs::metadata(&partial)?.len();
    progress(BackupProgress {
        written: bytes,
        expected: bytes,
    });
    put_in_place(&partial, to)?;
    Ok(CopyReport {
        bytes,
        elapsed: started.elapsed(),
        ..report
    })
}

/// Replaces the (stopped) installation's database at `database` with the
/// backup `from`; what was there is kept as `<database>.before-restore-…`.
pub fn restore(database: &Path, from: &Path) -> anyhow::Result<CopyReport> {
    let started = Instant::now();
    anyhow::ensure!(from.is_file(), "there is no backup at {}", from.display());
    let report = {
        let backup = Connection::open_with_flags(
            from,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open {}", from.display()))?;
        check(&backup, from)?
    };
    if let Some(folder) = database.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let _in_use = InUse::exclusive(database)?;
    let restoring = with_suffix(database, ".restoring");
    std::fs::copy(from, &restoring)
        .with_context(|| format!("cannot copy {} to {}", from.display(), restoring.display()))?;
    let set_aside = if database.exists() {
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let aside = with_suffix(database, &format!(".before-restore-{stamp}"));
        std::fs::rename(database, &aside)
            .with_context(|| format!("cannot move {} aside", database.display()))?;
        // Its WAL goes with it (it may hold its last commits); the shared
        // memory file is only a cache of the WAL's index.
        let wal = with_suffix(database, "-wal");
        if wal.exists() {
            std::fs::rename(&wal, with_suffix(&aside, "-wal"))?;
        }
        let _ = std::fs::remove_file(with_suffix(database, "-shm"));
        Some(aside)
    } else {
        None
    };
    put_in_place(&restoring, database)?;
    Ok(CopyReport {
        bytes: std::fs::metadata(database)?.len(),
        elapsed: started.elapsed(),
        set_aside,
        ..report
    })
}

/// Whether `db` (at `path`) is a whole ankieter database this binary can
/// run, and what it holds.
fn check(db: &Connection, path: &Path) -> anyhow::Result<CopyReport> {
    let not_ours = || format!("{} is not an ankieter database", path.display());
    let tables: HashSet<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut tables| {
            tables
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()
        })
        .with_context(not_ours)?;
    for table in ["_sqlx_migrations", "surveys", "responses", "deliveries"] {
        anyhow::ensure!(tables.contains(table), "{} (no {table} table)", not_ours());
    }
    let problems: Vec<String> = db
        .prepare("PRAGMA integrity_check")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    anyhow::ensure!(
        problems == ["ok"],
        "{} is damaged: {}",
        path.display(),
        problems.join("; ")
    );
    let applied: HashSet<i64> = db
        .prepare("SELECT version FROM _sqlx_migrations WHERE success")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    schema::refuse_a_newer_schema(&MIGRATOR, &applied)?;
    let count = |table: &str| -> rusqlite::Result<i64> {
        db.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })
    };
    Ok(CopyReport {
        bytes: 0,
        surveys: count("surveys")?,
        responses: count("responses")?,
        deliveries: count("deliveries")?,
        schema_version: applied.iter().copied().max().unwrap_or(0),
        elapsed: Duration::ZERO,
        set_aside: None,
    })
}

/// Syncs `written` and renames it to `name`, then syncs the folder, so
/// that after a crash `name` is either the old file or the whole new one.
fn put_in_place(written: &Path, name: &Path) -> anyhow::Result<()> {
    std::fs::File::open(written)?.sync_all()?;
    std::fs::rename(written, name)
        .with_context(|| format!("cannot rename {} to {}", written.display(), name.display()))?;
    let folder = name
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::File::open(folder)?.sync_all()?;
    Ok(())
}
