//! The database file and the SQLite VFS its connections open it through.
//!
//! A `sqlite://…?vfs=NAME` URL names a VFS registered in this process (the
//! test suite's power-loss simulation registers one). sqlx's readers and
//! migrations take it from the URL; the writer's and the checkpointer's own
//! connections take it from here, so that no connection of the store goes
//! around it.

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub(super) struct DatabaseFile {
    path: PathBuf,
    vfs: Option<String>,
}

impl DatabaseFile {
    pub fn new(path: PathBuf, database_url: &str) -> Self {
        Self {
            path,
            vfs: vfs_of(database_url),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A read-write connection, created if missing, through the URL's VFS.
    pub fn open(&self) -> anyhow::Result<Connection> {
        let opened = match &self.vfs {
            Some(vfs) => Connection::open_with_flags_and_vfs(&self.path, OpenFlags::default(), vfs),
            None => Connection::open(&self.path),
        };
        opened.with_context(|| format!("cannot open {}", self.path.display()))
    }
}

fn vfs_of(database_url: &str) -> Option<String> {
    let (_, query) = database_url.split_once('?')?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "vfs")
        .map(|(_, vfs)| vfs.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vfs_is_read_from_the_url_query() {
        assert_eq!(
            vfs_of("sqlite://a.db?vfs=powerloss").as_deref(),
            Some("powerloss")
        );
        assert_eq!(
            vfs_of("sqlite://a.db?mode=rwc&vfs=x%2Dy").as_deref(),
            Some("x-y")
        );
        assert_eq!(vfs_of("sqlite://a.db"), None);
        assert_eq!(vfs_of("sqlite://a.db?mode=rwc"), None);
    }

    #[test]
    fn a_vfs_that_is_not_registered_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let file = DatabaseFile::new(path, "sqlite://a.db?vfs=no-such-vfs");
        let error = format!("{:#}", file.open().unwrap_err());
        assert!(error.contains("no such vfs"), "{error}");
    }
}
