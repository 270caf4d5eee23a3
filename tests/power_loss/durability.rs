//! The simulation itself, on a bare SQLite connection: commits made with
//! `synchronous=FULL` survive every cut, and with `synchronous=NORMAL`
//! (which does not sync the WAL at commit) the simulation loses some — it
//! can tell a durable setting from one that is not.

use crate::disk::{Loss, Machine};
use crate::{one_at_a_time_blocking, seeded};
use rand::Rng;
use rusqlite::{Connection, OpenFlags};

const CUTS: usize = 300;

fn open(machine: &Machine, synchronous: &str) -> Connection {
    let path = machine.folder().join("t.db");
    let connection =
        Connection::open_with_flags_and_vfs(&path, OpenFlags::default(), crate::vfs::NAME).unwrap();
    connection
        .execute_batch(&format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; \
             CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, body BLOB)"
        ))
        .unwrap();
    connection
}

/// Commits one row at a time until the power goes; returns the rows it
/// saw committed. Lost ones are counted after each boot.
fn lost_across_cuts(synchronous: &str, test: &str) -> (usize, usize) {
    let _serial = one_at_a_time_blocking();
    let mut rng = seeded(test);
    let dir = tempfile::tempdir().unwrap();
    let mut machine = Machine::new(dir.path());
    let mut committed = Vec::new();
    let mut lost = 0;
    let mut next = 0;
    for _ in 0..CUTS {
        {
            let connection = open(&machine, synchronous);
            machine.cut_after(rng.gen_range(0..60));
            while machine.is_on() {
                let body = vec![next as u8; rng.gen_range(1..3000)];
                let done = connection.execute("INSERT INTO t VALUES (?1, ?2)", (next, body));
                if done.is_ok() {
                    committed.push(next);
                }
                next += 1;
                if rng.gen_ratio(1, 20) {
                    let _ = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            }
        }
        let loss = if rng.gen() {
            Loss::Scrambled
        } else {
            Loss::AllUnsynced
        };
        machine.reboot(loss, &mut rng);
        let connection = open(&machine, synchronous);
        let check: String = connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let present = |n: &i64| {
            connection
                .query_row("SELECT count(*) FROM t WHERE n = ?1", [n], |row| {
                    row.get::<_, i64>(0)
                })
                .unwrap()
                == 1
        };
        let (kept, gone): (Vec<i64>, Vec<i64>) = committed.drain(..).partition(present);
        lost += gone.len();
        committed = kept;
    }
    (committed.len(), lost)
}

#[test]
fn commits_with_synchronous_full_survive_every_cut() {
    let (kept, lost) = lost_across_cuts("FULL", "synchronous=FULL");
    println!("synchronous=FULL: {kept} commits kept, {lost} lost over {CUTS} cuts");
    assert!(kept > CUTS, "the test committed something: {kept}");
    assert_eq!(lost, 0, "every commit acknowledged under FULL survives");
}

#[test]
fn the_simulation_catches_commits_lost_with_synchronous_normal() {
    let (kept, lost) = lost_across_cuts("NORMAL", "synchronous=NORMAL");
    println!("synchronous=NORMAL: {kept} commits kept, {lost} lost over {CUTS} cuts");
    assert!(
        lost > 0,
        "NORMAL does not sync the WAL at commit: some must be lost"
    );
}
