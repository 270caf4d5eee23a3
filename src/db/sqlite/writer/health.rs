//! What the writer's failures say: whether its connection must be opened
//! again, and whether responses can be stored at all (for readiness).

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Whether the writer's connection may be used on.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Health {
    Fine,
    Broken,
}

/// The errors after which a connection is opened again: one that met a
/// read-only or I/O error may stay broken after the fault is mended.
pub(super) fn health_after(error: &anyhow::Error) -> Health {
    use rusqlite::ErrorCode::{CannotOpen, ReadOnly, SystemIoFailure};
    if sqlite_code(error)
        .is_some_and(|code| matches!(code, ReadOnly | SystemIoFailure | CannotOpen))
    {
        Health::Broken
    } else {
        Health::Fine
    }
}

fn sqlite_code(error: &anyhow::Error) -> Option<rusqlite::ErrorCode> {
    error
        .chain()
        .find_map(|cause| match cause.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(failure, _)) => Some(failure.code),
            _ => None,
        })
}

/// After a response could not be stored for want of storage, readiness
/// says so for this long (or until one is stored): a tiny write probe may
/// still fit where a response does not.
const REFUSED_FOR: Duration = Duration::from_secs(10);

/// Whether responses can be stored, as the last attempts to store one showed.
#[derive(Default)]
pub(in crate::db::sqlite) struct ResponseWrites {
    failing: Mutex<Option<(Instant, String)>>,
}

impl ResponseWrites {
    pub fn stored(&self) {
        *self.failing.lock().expect("response writes lock") = None;
    }

    /// Notes a failure that was the storage's (full, read-only, I/O), not
    /// the response's own (a survey deleted a moment before, say).
    pub fn failed(&self, error: &anyhow::Error) {
        use rusqlite::ErrorCode::{
            CannotOpen, DatabaseCorrupt, DiskFull, NotADatabase, ReadOnly, SystemIoFailure,
        };
        let storage = sqlite_code(error).is_some_and(|code| {
            matches!(
                code,
                DiskFull | SystemIoFailure | ReadOnly | CannotOpen | DatabaseCorrupt | NotADatabase
            )
        });
        if storage {
            *self.failing.lock().expect("response writes lock") =
                Some((Instant::now(), format!("{error:#}")));
        }
    }

    /// Why responses cannot be stored, while the last failure is recent.
    pub fn refusal(&self) -> Option<String> {
        let failing = self.failing.lock().expect("response writes lock");
        match failing.as_ref() {
            Some((at, reason)) if at.elapsed() < REFUSED_FOR => {
                Some(format!("the last response could not be stored: {reason}"))
            }
            _ => None,
        }
    }
}
