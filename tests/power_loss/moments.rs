//! The power cut at chosen moments: during a WAL restart, a checkpoint, the
//! start-up WAL preparation, a migration, a secret-key rotation and an
//! online backup. Each moment is first run whole to count its writes and
//! syncs; then the power is cut before each of them in turn (a seeded
//! sample where there are many), on a machine set up afresh, and the next
//! boot must start and hold everything acknowledged before.

use crate::disk::Machine;
use crate::helpers::*;
use crate::server::{loss, on_machine, Database};
use crate::{one_at_a_time, seeded};
use ankieter::crypto::ServerKey;
use rand::rngs::StdRng;
use rand::seq::IteratorRandom;
use rand::{Rng, SeedableRng};
use std::future::Future;
use std::time::Duration;

/// Cut points tried per moment at most.
const MOST_POINTS: usize = 40;
const NEW_KEY: &str = "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// Runs `moment` whole to count its writes and syncs, then again with the
/// power cut before each of them (a seeded sample where there are many).
/// `run` gets the cut point (`None`: no cut) and a random source of its own,
/// and returns the writes and syncs it counted.
async fn sweep<F, Fut>(moment: &str, mut run: F)
where
    F: FnMut(Option<u64>, StdRng) -> Fut,
    Fut: Future<Output = u64>,
{
    let _serial = one_at_a_time().await;
    let mut rng = seeded(moment);
    let trial_rng = |rng: &mut StdRng| StdRng::seed_from_u64(rng.gen());
    let operations = run(None, trial_rng(&mut rng)).await;
    assert!(operations > 0, "{moment}: the moment writes");
    let points = (0..operations).choose_multiple(&mut rng, MOST_POINTS);
    for &point in &points {
        run(Some(point), trial_rng(&mut rng)).await;
    }
    println!(
        "{moment}: {operations} writes and syncs, cut before {} of them",
        points.len()
    );
}

/// A server on a new machine with a survey and `responses` acknowledged.
async fn loaded(root: &std::path::Path, responses: usize) -> (Machine, TestApp, Vec<String>) {
    let machine = Machine::new(root);
    let app = spawn_sqlite_app_with(|s| on_machine(s, &machine)).await;
    app.answer("/api/contact/upsert", sm_success(CONTACT_ID), ..)
        .await;
    let slug = app.import(nps_survey()).await;
    let mut acknowledged = Vec::new();
    for n in 0..responses {
        let email = format!("m{n}@example.pl");
        assert_eq!(app.submit_by_email(&slug, &email).await.status(), 303);
        acknowledged.push(email);
    }
    (machine, app, acknowledged)
}

/// Reboots after the cut (or after the whole moment), starts the server
/// again and checks the database.
async fn after_cut(
    mut machine: Machine,
    app: TestApp,
    acknowledged: &[String],
    rng: &mut StdRng,
    moment: &str,
) -> TestApp {
    machine.reboot(loss(rng), rng);
    let app = app.restart_with(|s| on_machine(s, &machine)).await;
    let database = Database::open(&machine);
    database.is_whole();
    database.has_all(acknowledged, moment);
    // The server takes submissions again.
    let slug = "nps";
    let answer = app.submit_by_email(slug, "after-the-cut@example.pl").await;
    assert_eq!(
        answer.status(),
        303,
        "{moment}: a submission after the boot"
    );
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cut_during_a_wal_restart_loses_nothing() {
    sweep("WAL restart", |cut_at, mut rng| async move {
        let root = tempfile::tempdir().unwrap();
        let (machine, app, acknowledged) = loaded(root.path(), 20).await;
        let before = machine.arm(cut_at);
        // What a stopping server does: the WAL copied and cut to nothing.
        let restarted = app.store().close().await;
        let operations = machine.operations() - before;
        assert!(restarted.is_ok() || cut_at.is_some(), "{restarted:?}");
        after_cut(machine, app, &acknowledged, &mut rng, "WAL restart").await;
        operations
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cut_during_a_checkpoint_loses_nothing() {
    sweep("checkpoint", |cut_at, mut rng| async move {
        let root = tempfile::tempdir().unwrap();
        let (machine, app, acknowledged) = loaded(root.path(), 20).await;
        let before = machine.arm(cut_at);
        // Nothing else writes: the background checkpointer's passes (every
        // 200 ms while the WAL is small) copy the responses' frames.
        tokio::time::sleep(Duration::from_millis(700)).await;
        let operations = machine.operations() - before;
        after_cut(machine, app, &acknowledged, &mut rng, "checkpoint").await;
        operations
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cut_during_the_start_up_wal_preparation_loses_nothing() {
    sweep("start-up WAL preparation", |cut_at, mut rng| async move {
        let root = tempfile::tempdir().unwrap();
        let (mut machine, app, acknowledged) = loaded(root.path(), 0).await;
        // A WAL longer than the 1 MB working size, as a crash leaves it:
        // the preparation copies it into the database and cuts it first.
        let slug = "nps";
        let wal = |machine: &Machine| {
            std::fs::metadata(machine.folder().join("ankieter.db-wal")).map_or(0, |m| m.len())
        };
        let mut acknowledged = acknowledged;
        while wal(&machine) < 3 << 19 {
            let email = format!("w{}@example.pl", acknowledged.len());
            assert_eq!(app.submit_by_email(slug, &email).await.status(), 303);
            acknowledged.push(email);
        }
        let stopped = app.stop().await;
        machine.reboot(crate::disk::Loss::AllUnsynced, &mut rng);
        let mut settings = test_settings(&stopped.1);
        on_machine(&mut settings, &machine);
        settings.wal_ready_mb = 1;
        let before = machine.arm(cut_at);
        let started = TestApp::start_again(settings.clone(), stopped).await;
        let operations = machine.operations() - before;
        let app = match started {
            Ok(app) => app,
            Err(error) => {
                assert!(cut_at.is_some(), "{error:#}");
                let parts = (
                    uuid::Uuid::nil(),
                    std::sync::Arc::new(tempfile::tempdir().unwrap()),
                    wiremock::MockServer::start().await,
                );
                machine.reboot(loss(&mut rng), &mut rng);
                on_machine(&mut settings, &machine);
                TestApp::start_again(settings.clone(), parts)
                    .await
                    .expect("the server starts after the cut")
            }
        };
        after_cut(
            machine,
            app,
            &acknowledged,
            &mut rng,
            "start-up WAL preparation",
        )
        .await;
        operations
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cut_during_a_secret_key_rotation_leaves_every_secret_under_one_key() {
    sweep("secret-key rotation", |cut_at, mut rng| async move {
        let root = tempfile::tempdir().unwrap();
        let (mut machine, app, acknowledged) = loaded(root.path(), 5).await;
        let (old, new) = (
            ServerKey::from_hex(SERVER_KEY).unwrap(),
            ServerKey::from_hex(NEW_KEY).unwrap(),
        );
        let before = machine.arm(cut_at);
        let rotated = ankieter::manage::rotate_secrets(app.store(), &old, &new).await;
        let operations = machine.operations() - before;
        assert!(rotated.is_ok() || cut_at.is_some(), "{rotated:?}");
        drop(app.stop().await);
        machine.reboot(loss(&mut rng), &mut rng);
        let store = ankieter::db::connect(&machine.database_url())
            .await
            .unwrap();
        let secrets = store.encrypted_secrets().await.unwrap();
        assert!(!secrets.is_empty());
        let under = |key: &ServerKey| {
            secrets
                .iter()
                .all(|secret| key.decrypt(&secret.ciphertext, &secret.context()).is_ok())
        };
        assert!(
            under(&old) || under(&new),
            "every secret under the old key, or every one under the new"
        );
        if rotated.is_ok() {
            assert!(under(&new), "a rotation that finished is kept");
        }
        Database::open(&machine).has_all(&acknowledged, "secret-key rotation");
        operations
    })
    .await;
}

/// A database as version 17 left it, with `rows` responses and deliveries,
/// written through the simulation and synced.
async fn database_at_17(machine: &Machine, rows: usize) {
    use sqlx::migrate::Migrator;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use std::str::FromStr;
    static MIGRATIONS: Migrator = sqlx::migrate!("src/db/migrations/sqlite");
    let options = SqliteConnectOptions::from_str(&machine.database_url())
        .unwrap()
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    let mut older = Migrator::DEFAULT;
    older.migrations = MIGRATIONS
        .iter()
        .filter(|m| m.version <= 17)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    older.run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO accounts (id, name, language, property_prefix, created_at) VALUES ('a', 'A', 'pl', 'ankieta.', 1)",
        "INSERT INTO surveys (id, account_id, slug, document, created_at, updated_at) VALUES ('s', 'a', 'slug', '{}', 1, 1)",
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) \
             INSERT INTO responses (id, account_id, survey_id, answers, created_at) \
             SELECT 'r' || i, 'a', 's', '[\"m' || i || '@example.pl\"]', 1 FROM n"
        ),
        "INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, attempts, next_attempt_at, \
         request_kind, contact_id, created_at, updated_at, delivered_at) \
         SELECT 'd' || substr(id, 2), 'a', 's', id, 'delivered', '{\"p\":1}', 1, 5, 'upsert', 'c-1', 1, 6, 6 FROM responses",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cut_during_a_migration_keeps_the_old_schema_or_the_new_whole() {
    const ROWS: usize = 2_000;
    sweep("migration 0018", |cut_at, mut rng| async move {
        let root = tempfile::tempdir().unwrap();
        let mut machine = Machine::new(root.path());
        database_at_17(&machine, ROWS).await;
        machine.reboot(crate::disk::Loss::AllUnsynced, &mut rng);
        let before = machine.arm(cut_at);
        let migrated = ankieter::db::connect(&machine.database_url()).await;
        let operations = machine.operations() - before;
        assert!(migrated.is_ok() || cut_at.is_some(), "{:?}", migrated.err());
        drop(migrated);
        machine.reboot(loss(&mut rng), &mut rng);
        let store = ankieter::db::connect(&machine.database_url())
            .await
            .expect("the migration completes at the next start");
        drop(store);
        let database = Database::open(&machine);
        database.is_whole();
        let emails: Vec<String> = (1..=ROWS).map(|i| format!("m{i}@example.pl")).collect();
        database.has_all(&emails, "migration 0018");
        operations
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cut_during_an_online_backup_loses_nothing() {
    sweep("online backup", |cut_at, mut rng| async move {
        let root = tempfile::tempdir().unwrap();
        let (machine, app, mut acknowledged) = loaded(root.path(), 200).await;
        let backups = tempfile::tempdir().unwrap();
        let to = backups.path().join("copy.db");
        let database = machine.folder().join("ankieter.db");
        let before = machine.arm(cut_at);
        // The backup reads while respondents go on submitting.
        let backup = {
            let to = to.clone();
            tokio::task::spawn_blocking(move || {
                ankieter::db::backup::backup(&database, &to, false, &mut |_| {})
            })
        };
        let mut n = 0;
        while !backup.is_finished() && machine.is_on() {
            let email = format!("b{n}@example.pl");
            n += 1;
            if app.submit_by_email("nps", &email).await.status() == 303 {
                acknowledged.push(email);
            }
        }
        let backed_up = backup.await.unwrap();
        let operations = machine.operations() - before;
        assert!(
            backed_up.is_ok() || cut_at.is_some(),
            "{:?}",
            backed_up.err()
        );
        if backed_up.is_ok() {
            let copy = rusqlite::Connection::open(&to).unwrap();
            let check: String = copy
                .query_row("PRAGMA integrity_check", [], |row| row.get(0))
                .unwrap();
            assert_eq!(check, "ok", "the backup");
        } else {
            assert!(
                !to.exists(),
                "a failed backup leaves no file under its name"
            );
        }
        after_cut(machine, app, &acknowledged, &mut rng, "online backup").await;
        operations
    })
    .await;
}
