//! `ankieter backup` while the server takes responses, and `ankieter
//! restore` into a stopped installation.

use crate::common::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn database(cli: &Cli) -> std::path::PathBuf {
    cli.dir.path().join("ankieter-data/ankieter.db")
}

/// The e-mails of the responses in the SQLite file at `path`.
fn emails_in(path: &std::path::Path) -> Vec<String> {
    let db = rusqlite::Connection::open(path).unwrap();
    let ok: String = db
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut rows = db.prepare("SELECT answers FROM responses").unwrap();
    rows.query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(|answers| answers.unwrap())
        .collect()
}

async fn stop(mut server: Running) {
    let pid = server.0.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    while server.0.try_wait().unwrap().is_none() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_load_holds_every_acknowledged_response_and_restores_when_stopped() {
    let cli = Cli::new();
    let account = cli.account_with_salesmanago("http://127.0.0.1:9", "very-secret-api-key-123");
    cli.import_demo(&account);
    let (server, base, _log) = serve(&cli);
    // A reader holding an old snapshot keeps the server's checkpoints from
    // copying later commits into the database file: they stay in the WAL,
    // where only a copy made through SQLite finds them (a copy of the file
    // alone would miss them).
    let reader = rusqlite::Connection::open(database(&cli)).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM responses", [], |row| row.get(0))
        .unwrap();

    // Respondents keep submitting; each acknowledgement is noted with when
    // it arrived (after the response's COMMIT).
    let acknowledged: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let stop_submitting = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut submitters = Vec::new();
    for worker in 0..4 {
        let (base, acknowledged, stop) =
            (base.clone(), acknowledged.clone(), stop_submitting.clone());
        submitters.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let email = format!("w{worker}-n{n}@example.pl");
                let answer = http
                    .post(format!("{base}/s/demo-ankieta"))
                    .form(&[("email", email.as_str()), ("nps", "9"), ("ocena", "Dobrze")])
                    .send()
                    .await
                    .unwrap();
                if answer.status() == 303 {
                    acknowledged.lock().unwrap().push((Instant::now(), email));
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let copy = cli.dir.path().join("kopia.db");
    let began = Instant::now();
    let output = {
        let command = cli.command(&["backup", "--to", copy.to_str().unwrap()]);
        tokio::task::spawn_blocking(move || {
            let mut command = command;
            command.output().unwrap()
        })
        .await
        .unwrap()
    };
    // Keep submitting a moment after, then stop.
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop_submitting.store(true, std::sync::atomic::Ordering::Relaxed);
    for submitter in submitters {
        submitter.await.unwrap();
    }
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let printed = stdout(&output);
    assert!(printed.contains("Backed up"), "{printed}");
    let before: Vec<String> = acknowledged
        .lock()
        .unwrap()
        .iter()
        .filter(|(at, _)| *at < began)
        .map(|(_, email)| email.clone())
        .collect();
    assert!(
        before.len() > 20,
        "load before the backup: {}",
        before.len()
    );
    let in_copy = emails_in(&copy);
    let missing: Vec<&String> = before
        .iter()
        .filter(|email| {
            !in_copy
                .iter()
                .any(|answers| answers.contains(email.as_str()))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not in the backup: {missing:?}"
    );
    let all = acknowledged.lock().unwrap().len();
    eprintln!(
        "{} acknowledged before the backup, {} in it, {all} in all",
        before.len(),
        in_copy.len()
    );

    // Not while the server runs …
    let refused = cli.run(&["restore", "--from", copy.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("stop every server first"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        emails_in(&database(&cli)).len(),
        all,
        "nothing was replaced"
    );

    // … but once it has stopped: the copy is the database, the old one kept.
    stop(server).await;
    let restored = stdout(&cli.run(&["restore", "--from", copy.to_str().unwrap()]));
    assert!(restored.contains("Restored"), "{restored}");
    assert!(restored.contains("before-restore-"), "{restored}");
    assert_eq!(emails_in(&database(&cli)).len(), in_copy.len());
    let (_server, base, _log) = serve(&cli);
    let page = reqwest::get(format!("{base}/s/demo-ankieta"))
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "the restored installation serves");
}

#[tokio::test]
async fn a_restore_refuses_a_file_that_is_not_a_whole_backup_and_keeps_the_database() {
    let cli = Cli::new();
    let account = cli.account_with_salesmanago("http://127.0.0.1:9", "very-secret-api-key-123");
    cli.import_demo(&account);
    let copy = cli.dir.path().join("kopia.db");
    stdout(&cli.run(&["backup", "--to", copy.to_str().unwrap()]));
    let again = cli.run(&["backup", "--to", copy.to_str().unwrap()]);
    assert!(
        stderr(&again).contains("--force"),
        "an existing file is not overwritten"
    );

    let refused = |file: &std::path::Path| {
        let output = cli.run(&["restore", "--from", file.to_str().unwrap()]);
        assert!(!output.status.success());
        stderr(&output)
    };
    let garbage = cli.dir.path().join("garbage.db");
    std::fs::write(&garbage, "to nie jest baza danych".repeat(300)).unwrap();
    assert!(refused(&garbage).contains("not an ankieter database"));

    let cut = cli.dir.path().join("cut.db");
    let bytes = std::fs::read(&copy).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let why = refused(&cut);
    assert!(
        why.contains("damaged") || why.contains("not an ankieter database"),
        "{why}"
    );

    let newer = cli.dir.path().join("newer.db");
    std::fs::copy(&copy, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'future', 1, x'00', 0)",
        )
        .unwrap();
    assert!(refused(&newer).contains("newer ankieter"));

    assert!(
        !cli.dir
            .path()
            .join("ankieter-data")
            .read_dir()
            .unwrap()
            .any(|f| f
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-restore")),
        "nothing was set aside: nothing was replaced"
    );
}

#[test]
fn a_postgresql_installation_is_pointed_to_its_own_tools() {
    let cli = Cli::on_database("postgres://nobody@127.0.0.1:1/ankieter");
    let output = cli.run(&["backup", "--to", "kopia.dump"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("pg_dump"), "{}", stderr(&output));
}
