//! Who has the database file open. Every store that opens it (the server,
//! a CLI command) holds a shared lock on `<database>.lock` for as long as it
//! is open; a restore replaces the file only under the exclusive lock, so
//! it never pulls the file from under a running server, and a server
//! cannot start in the middle of a restore.

use anyhow::Context;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// A lock on the database's lock file, released when dropped.
#[derive(Debug)]
pub struct InUse {
    _file: File,
}

fn lock_file(database: &Path) -> anyhow::Result<(File, PathBuf)> {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    Ok((file, path))
}

impl InUse {
    /// For a store that opens the database: shared with every other one.
    pub fn shared(database: &Path) -> anyhow::Result<Self> {
        Self::take(database, true)
    }

    /// For replacing the database: nothing else may have it open.
    pub fn exclusive(database: &Path) -> anyhow::Result<Self> {
        Self::take(database, false)
    }

    fn take(database: &Path, shared: bool) -> anyhow::Result<Self> {
        let (file, path) = lock_file(database)?;
        let taken = if shared {
            file.try_lock_shared()
        } else {
            file.try_lock()
        };
        match taken {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) if shared => anyhow::bail!(
                "the database {} is being restored from a backup ({} is locked): start again once the restore has finished",
                database.display(),
                path.display()
            ),
            Err(TryLockError::WouldBlock) => anyhow::bail!(
                "the database {} is in use (a server or another ankieter command holds {}): stop every server first",
                database.display(),
                path.display()
            ),
            Err(TryLockError::Error(error)) => {
                Err(error).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
    }
}
