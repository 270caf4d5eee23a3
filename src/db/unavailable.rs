//! Whether a storage error means the database is away for a while (down,
//! restarting, unreachable, full, busy) rather than broken or refusing this
//! one request: the first is answered 503 with Retry-After, because trying
//! again shortly will work; the second stays a 500.

use crate::shared_error::SharedError;

/// True when some cause in `error`'s chain is the database being away.
pub fn is_unavailable(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<SharedError>()
            .is_some_and(|shared| is_unavailable(shared.original()))
            || cause.downcast_ref::<sqlx::Error>().is_some_and(sqlx_away)
            || cause
                .downcast_ref::<rusqlite::Error>()
                .is_some_and(rusqlite_away)
    })
}

fn sqlx_away(error: &sqlx::Error) -> bool {
    use sqlx::Error::*;
    match error {
        PoolTimedOut | PoolClosed | Io(_) | Tls(_) | WorkerCrashed => true,
        // A connection cut during its handshake, as while the database
        // restarts, reads as a malformed answer ("unexpected response from
        // SSLRequest"), not as an I/O error.
        Protocol(_) => true,
        Database(database) => {
            match database.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                Some(postgres) => postgres_class_away(postgres.code()),
                None => database
                    .code()
                    .and_then(|code| code.parse::<i32>().ok())
                    .is_some_and(sqlite_code_away),
            }
        }
        _ => false,
    }
}

/// PostgreSQL's SQLSTATE classes for a server that cannot serve now:
/// connection exceptions (08), insufficient resources such as a full disk
/// or too many connections (53), and shutdown or start-up (57P).
fn postgres_class_away(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("53") || code.starts_with("57P")
}

/// SQLite's primary result codes (the low byte of an extended code) for a
/// database that is busy, locked or on a full disk.
fn sqlite_code_away(code: i32) -> bool {
    const BUSY: i32 = 5;
    const LOCKED: i32 = 6;
    const FULL: i32 = 13;
    matches!(code & 0xff, BUSY | LOCKED | FULL)
}

fn rusqlite_away(error: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked, DiskFull};
    matches!(
        error,
        rusqlite::Error::SqliteFailure(failure, _)
            if matches!(failure.code, DiskFull | DatabaseBusy | DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_that_cannot_reach_the_database_is_away() {
        let error = anyhow::Error::new(sqlx::Error::PoolTimedOut).context("storing a response");
        assert!(is_unavailable(&error));
    }

    #[test]
    fn a_full_sqlite_disk_is_away_and_a_corrupt_file_is_not() {
        let failure = |code| {
            anyhow::Error::new(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                None,
            ))
        };
        assert!(is_unavailable(&failure(rusqlite::ffi::SQLITE_FULL)));
        assert!(is_unavailable(&failure(rusqlite::ffi::SQLITE_BUSY)));
        assert!(!is_unavailable(&failure(rusqlite::ffi::SQLITE_CORRUPT)));
        assert!(!is_unavailable(&failure(rusqlite::ffi::SQLITE_CONSTRAINT)));
    }

    #[test]
    fn postgres_shutdown_and_resource_classes_are_away_and_constraint_errors_are_not() {
        assert!(postgres_class_away("57P01")); // admin_shutdown
        assert!(postgres_class_away("57P03")); // cannot_connect_now
        assert!(postgres_class_away("08006")); // connection_failure
        assert!(postgres_class_away("53100")); // disk_full
        assert!(!postgres_class_away("23505")); // unique_violation
        assert!(!postgres_class_away("57014")); // query_canceled
    }

    #[test]
    fn sqlite_extended_codes_count_by_their_primary_code() {
        assert!(sqlite_code_away(5)); // SQLITE_BUSY
        assert!(sqlite_code_away(517)); // SQLITE_BUSY_SNAPSHOT
        assert!(!sqlite_code_away(2067)); // SQLITE_CONSTRAINT_UNIQUE
    }

    #[test]
    fn a_shared_error_still_says_whether_the_database_is_away() {
        let shared = |error| SharedError::handle(&std::sync::Arc::new(error));
        let away = anyhow::Error::new(sqlx::Error::PoolTimedOut).context("storing");
        assert!(is_unavailable(&shared(away)));
        // Also when the database's own error is the first (skipped) cause.
        assert!(is_unavailable(&shared(anyhow::Error::new(
            sqlx::Error::PoolTimedOut
        ))));
        let away = anyhow::Error::new(sqlx::Error::PoolTimedOut).context("storing");
        assert!(format!("{:#}", shared(away)).contains("storing"));
        assert!(!is_unavailable(&shared(anyhow::anyhow!("corrupt"))));
    }

    #[test]
    fn other_errors_are_not() {
        assert!(!is_unavailable(&anyhow::anyhow!("no such survey")));
        assert!(!is_unavailable(&anyhow::Error::new(
            sqlx::Error::RowNotFound
        )));
    }
}
