//! Savepoints inside the writer's batch transaction: a job's error undoes
//! only its own writes, unless SQLite has rolled the whole transaction back.

use super::ApplyFn;
use std::any::Any;

/// Runs `work` in the savepoint `name`. `Ok(Err)`: it failed and only its
/// own writes were undone, the batch goes on. `Err`: the batch fails — the
/// savepoint could not be set or released, or SQLite rolled the whole
/// transaction back by itself (an I/O error, a full disk), in which case
/// the error is `work`'s own cause, not "no such savepoint".
pub(super) fn within<T>(
    tx: &rusqlite::Transaction<'_>,
    name: &str,
    work: impl FnOnce(&rusqlite::Transaction<'_>) -> anyhow::Result<T>,
) -> anyhow::Result<anyhow::Result<T>> {
    tx.execute_batch(&format!("SAVEPOINT {name}"))?;
    match work(tx) {
        Ok(value) => {
            tx.execute_batch(&format!("RELEASE {name}"))?;
            Ok(Ok(value))
        }
        Err(error) => match tx.execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}")) {
            Ok(()) => Ok(Err(error)),
            Err(undone) => {
                Err(error.context(format!("the transaction was rolled back ({undone})")))
            }
        },
    }
}

/// Runs an [`Job::Apply`] function in a savepoint of its own: its error
/// undoes only its own writes and goes back to its caller.
pub(super) fn apply(
    tx: &rusqlite::Transaction<'_>,
    run: &ApplyFn,
) -> anyhow::Result<anyhow::Result<Box<dyn Any + Send>>> {
    within(tx, "apply", run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_whose_transaction_was_rolled_back_fails_the_batch_with_its_own_cause() {
        let mut connection = rusqlite::Connection::open_in_memory().unwrap();
        connection
            .execute_batch("CREATE TABLE t (n INTEGER)")
            .unwrap();
        let tx = connection.transaction().unwrap();
        // As SQLite does by itself on an I/O error: the whole transaction goes.
        let run: ApplyFn = Box::new(|tx| {
            tx.execute_batch("INSERT INTO t VALUES (1); ROLLBACK")?;
            anyhow::bail!("disk I/O error")
        });
        let failed = apply(&tx, &run).expect_err("the batch fails, not only the job");
        let message = format!("{failed:#}");
        assert!(message.contains("disk I/O error"), "{message}");
        assert!(message.contains("rolled back"), "{message}");
    }

    #[test]
    fn a_job_that_fails_alone_undoes_only_its_own_writes() {
        let mut connection = rusqlite::Connection::open_in_memory().unwrap();
        connection
            .execute_batch("CREATE TABLE t (n INTEGER)")
            .unwrap();
        let tx = connection.transaction().unwrap();
        tx.execute_batch("INSERT INTO t VALUES (1)").unwrap();
        let run: ApplyFn = Box::new(|tx| {
            tx.execute_batch("INSERT INTO t VALUES (2)")?;
            anyhow::bail!("a survey deleted a moment ago")
        });
        let outcome = apply(&tx, &run).expect("the batch goes on");
        assert!(outcome.is_err());
        let rows: i64 = tx
            .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }
}
