//! The server under load — respondents submitting at once, the worker
//! recording deliveries, the checkpointer copying the WAL — with the power
//! cut at hundreds of random moments. After each boot the database is whole,
//! every response acknowledged with a thank-you is there with its delivery,
//! no delivery recorded as delivered lacks its response, and the server
//! takes submissions again. At the end the worker delivers them all.

use crate::disk::{Loss, Machine};
use crate::helpers::*;
use crate::{one_at_a_time, seeded};
use ankieter::configuration::Settings;
use futures_util::future::join_all;
use rand::rngs::StdRng;
use rand::Rng;
use rusqlite::{Connection, OpenFlags};
use std::collections::HashSet;
use std::time::{Duration, Instant};

const SUBMITTERS: usize = 6;
/// The power goes after up to this many writes and syncs: a few hundred
/// commits' worth, so that some cuts come early, some late.
const MOST_OPERATIONS: u64 = 1_500;
/// A cut comes by then at the latest.
const LONGEST_LOAD: Duration = Duration::from_secs(2);

fn cuts() -> usize {
    std::env::var("POWER_CUTS")
        .ok()
        .and_then(|cuts| cuts.parse().ok())
        .unwrap_or(300)
}

/// The server's settings on the machine's running boot.
pub fn on_machine(settings: &mut Settings, machine: &Machine) {
    settings.database_url = machine.database_url();
    settings.data_dir = machine.folder();
    settings.rate_limit.submissions_per_minute = 1_000_000;
}

pub fn loss(rng: &mut StdRng) -> Loss {
    if rng.gen() {
        Loss::Scrambled
    } else {
        Loss::AllUnsynced
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_response_survives_hundreds_of_power_cuts() {
    let _serial = one_at_a_time().await;
    let mut rng = seeded("power cuts under load");
    let root = tempfile::tempdir().unwrap();
    let mut machine = Machine::new(root.path());
    let mut app = spawn_sqlite_app_with(|s| on_machine(s, &machine)).await;
    app.answer("/api/contact/upsert", sm_success(CONTACT_ID), ..)
        .await;
    let slug = app.import(nps_survey()).await;
    // A second account whose SALESmanago answers slowly: its calls are in
    // flight (claimed, not recorded) at many cuts, and must neither hold up
    // the first account nor be lost.
    let slow = wiremock::MockServer::start().await;
    on("/api/contact/upsert")
        .respond_with(sm_success(CONTACT_ID).set_delay(Duration::from_millis(50)))
        .mount(&slow)
        .await;
    app.add_account("Wolna", &slow.uri(), "wolna").await;
    let slugs = [slug.as_str(), "wolna"];
    let started = Instant::now();
    let mut acknowledged = Vec::new();
    let (mut pending, mut kept, mut torn) = (0, 0, 0);
    let cuts = cuts();
    for cut in 0..cuts {
        machine.cut_after(rng.gen_range(0..MOST_OPERATIONS));
        acknowledged.extend(under_load(&app, &slugs, cut, &machine).await);
        let report = machine.reboot(loss(&mut rng), &mut rng);
        (pending, kept, torn) = (
            pending + report.pending,
            kept + report.kept,
            torn + report.torn,
        );
        app = app.restart_with(|s| on_machine(s, &machine)).await;
        let database = Database::open(&machine);
        database.is_whole();
        database.has_all(&acknowledged, &format!("after cut {cut}"));
    }
    assert!(
        acknowledged.len() > cuts,
        "the load got responses acknowledged: {}",
        acknowledged.len()
    );

    // The worker goes on: leases held at a cut run out, and every response
    // acknowledged over all the cuts reaches SALESmanago.
    let later = ankieter::clock::now_ms() + 3_600_000;
    let delivering = Instant::now();
    app.deliver_at(later).await;
    println!("delivered what was left in {:.0?}", delivering.elapsed());
    let delivered = Database::open(&machine).delivered();
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|email| !delivered.contains(email.as_str()))
        .collect();
    assert!(missing.is_empty(), "not delivered: {missing:?}");
    assert!(
        !slow.received_requests().await.unwrap().is_empty(),
        "the slow account's responses reached its SALESmanago"
    );
    println!(
        "{cuts} cuts in {:.0?}: {} responses acknowledged, all kept and delivered; \
         {pending} writes unsynced at the cuts ({kept} kept, {torn} torn, the rest lost)",
        started.elapsed(),
        acknowledged.len(),
    );
}

/// Submits from several respondents (to both accounts' surveys in turn)
/// and steps the worker until the power goes; returns the e-mails of the
/// responses answered with a thank-you.
async fn under_load(app: &TestApp, slugs: &[&str], cut: usize, machine: &Machine) -> Vec<String> {
    let deadline = Instant::now() + LONGEST_LOAD;
    let running = || machine.is_on() && Instant::now() < deadline;
    let submitters = (0..SUBMITTERS).map(|submitter| async move {
        let mut acknowledged = Vec::new();
        let mut n = 0;
        while running() {
            let email = format!("p{cut}.{submitter}.{n}@example.pl");
            let slug = slugs[(submitter + n) % slugs.len()];
            n += 1;
            let answer = app.submit_by_email(slug, &email).await;
            match answer.status().as_u16() {
                303 => acknowledged.push(email),
                // The power went: the server says it could not store it
                // (a disk I/O error is a 500, as for any broken disk).
                500 | 503 => {}
                other => panic!("a submission answered {other}"),
            }
        }
        acknowledged
    });
    let worker = async {
        while running() {
            let _ = app.worker.deliver_due(ankieter::clock::now_ms()).await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    let (acknowledged, ()) = futures_util::join!(join_all(submitters), worker);
    machine.cut_now();
    acknowledged.concat()
}

/// The boot's database, read as it is.
pub struct Database(Connection);

impl Database {
    pub fn open(machine: &Machine) -> Self {
        let path = machine.folder().join("ankieter.db");
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self(Connection::open_with_flags_and_vfs(path, flags, crate::vfs::NAME).unwrap())
    }

    pub fn is_whole(&self) {
        let check: String = self
            .0
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok", "PRAGMA integrity_check");
        let orphans: i64 = self
            .0
            .query_row(
                "SELECT count(*) FROM deliveries d WHERE d.status = 'delivered' \
                 AND d.response_id IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = d.response_id)",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(
            orphans, 0,
            "deliveries recorded as delivered without their response"
        );
    }

    /// Every response in `emails` is stored, each with its delivery.
    pub fn has_all(&self, emails: &[String], when: &str) {
        let stored = self
            .emails("SELECT r.answers FROM responses r JOIN deliveries d ON d.response_id = r.id");
        let lost: Vec<_> = emails
            .iter()
            .filter(|e| !stored.contains(e.as_str()))
            .collect();
        assert!(
            lost.is_empty(),
            "{when}: {} of {} acknowledged responses lost, among them {:?}",
            lost.len(),
            emails.len(),
            &lost[..lost.len().min(5)]
        );
    }

    fn delivered(&self) -> HashSet<String> {
        self.emails(
            "SELECT r.answers FROM responses r JOIN deliveries d ON d.response_id = r.id \
             WHERE d.status = 'delivered'",
        )
    }

    /// The respondents' e-mails among the answers `query` selects.
    fn emails(&self, query: &str) -> HashSet<String> {
        let mut statement = self.0.prepare(query).unwrap();
        let answers = statement
            .query_map([], |row| row.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap);
        answers
            .flat_map(|answers| {
                let answers: serde_json::Value = serde_json::from_str(&answers).unwrap();
                email_in(&answers)
            })
            .collect()
    }
}

fn email_in(answers: &serde_json::Value) -> Vec<String> {
    match answers {
        serde_json::Value::String(text) if text.ends_with("@example.pl") => vec![text.clone()],
        serde_json::Value::Array(items) => items.iter().flat_map(email_in).collect(),
        serde_json::Value::Object(fields) => fields.values().flat_map(email_in).collect(),
        _ => Vec::new(),
    }
}
