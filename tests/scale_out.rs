//! The scale-out test: three `ankieter serve` processes (the real binary) on
//! one PostgreSQL database, distinct submissions spread over all three, one
//! instance `SIGKILL`ed mid-run and started again. Every acknowledged
//! response is stored and reaches SALESmanago, no response is in flight at
//! two instances at once (the fake notes overlapping calls per response),
//! and repeats stay within the claims the killed instance held.
//!
//! Needs PostgreSQL (`ANKIETER_TEST_DATABASE_URL`, default the local one):
//! fails without it under `CI`, says loudly that it did not run elsewhere.

mod common;
#[path = "common/postgres.rs"]
mod postgres_db;

use common::*;
use std::collections::{HashMap, HashSet};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const INSTANCES: usize = 3;
const TOTAL: usize = 2_400;
const CLIENTS: usize = 12;
const KILL_AFTER: usize = 900;
const CONCURRENCY: &str = "8";
/// How long the fake SALESmanago holds each upsert: calls that arrive for
/// one response less than this apart were in flight together.
const CALL_TIME: Duration = Duration::from_millis(15);

/// A fake upsert that notes, per e-mail, when each call arrived.
#[derive(Clone, Default)]
struct Upserts(Arc<Mutex<HashMap<String, Vec<Instant>>>>);

impl Respond for Upserts {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let email = body["contact"]["email"].as_str().unwrap_or("").to_owned();
        self.0
            .lock()
            .unwrap()
            .entry(email)
            .or_default()
            .push(Instant::now());
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"success": true, "contactId": "c"}))
            .set_delay(CALL_TIME)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_on_one_database_survive_a_sigkill_without_loss_or_overlap() {
    let Some(database) = postgres_db::fresh_database("the scale-out test").await else {
        return;
    };
    let salesmanago = MockServer::start().await;
    let upserts = Upserts::default();
    Mock::given(method("POST"))
        .and(path("/api/contact/upsert"))
        .respond_with(upserts.clone())
        .mount(&salesmanago)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/contact/addContactExtEvent"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"success": true, "eventId": "e"})),
        )
        .mount(&salesmanago)
        .await;
    // The instances share the database and the working folder (the server key).
    let cli = Cli::on_database(&database);
    let account = cli.account_with_salesmanago(&salesmanago.uri(), "scale-secret");
    cli.import_demo(&account);
    let env = [
        ("ANKIETER_RATE_LIMIT__SUBMISSIONS_PER_MINUTE", "100000000"),
        // Short, so the claims the kill left behind come back soon; it must
        // outlast an attempt's calls (three timeouts at most) by 3 s.
        ("ANKIETER_WORKER__LEASE_SECS", "6"),
        ("ANKIETER_SALESMANAGO__TIMEOUT_MS", "1000"),
        ("ANKIETER_WORKER__CONCURRENCY", CONCURRENCY),
        ("ANKIETER_SALESMANAGO__MAX_REQUESTS_PER_SECOND", "1000000"),
        ("RUST_LOG", "warn,ankieter::startup=info"),
    ];
    let mut servers = Vec::new();
    let mut bases = Vec::new();
    for _ in 0..INSTANCES {
        let (server, base, _log) = serve_with(&cli, &env);
        servers.push(server);
        bases.push(base);
    }
    let bases = Arc::new(RwLock::new(bases));

    let next = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let refused = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (bases, next, acked, refused) =
                (bases.clone(), next.clone(), acked.clone(), refused.clone());
            tokio::spawn(submit(client, bases, next, acked, refused))
        })
        .collect();

    // Mid-run: kill instance 0, then start it again on a new port.
    while acked.lock().unwrap().len() < KILL_AFTER {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut victim = servers.remove(0);
    assert!(Command::new("kill")
        .args(["-KILL", &victim.0.id().to_string()])
        .status()
        .unwrap()
        .success());
    let _ = victim.0.wait();
    let acked_at_kill = acked.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (restarted, base, _log) = serve_with(&cli, &env);
    servers.push(restarted);
    bases.write().unwrap()[0] = base;
    for client in clients {
        client.await.unwrap();
    }
    let submit_seconds = started.elapsed().as_secs_f64();

    let store = cli.store().await;
    let deadline = Instant::now() + Duration::from_secs(90);
    while store.queue_stats().await.unwrap().pending > 0 {
        assert!(
            Instant::now() < deadline,
            "the backlog did not drain on the three instances"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let drained_seconds = started.elapsed().as_secs_f64();

    let acknowledged: HashSet<String> = acked.lock().unwrap().iter().cloned().collect();
    let survey = store.survey_by_slug("demo-ankieta").await.unwrap().unwrap();
    let stored: HashSet<String> = store
        .responses(survey.id)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| r.answers.get("email").map(|a| a.values[0].clone()))
        .collect();
    let calls = upserts.0.lock().unwrap().clone();
    let lost_in_store = acknowledged.difference(&stored).count();
    let lost_in_salesmanago = acknowledged
        .iter()
        .filter(|e| !calls.contains_key(*e))
        .count();
    let never_sent = stored.iter().filter(|e| !calls.contains_key(*e)).count();
    let repeated = calls.values().filter(|at| at.len() > 1).count();
    let overlapping: Vec<&String> = calls
        .iter()
        .filter(|(_, at)| {
            let mut at = (*at).clone();
            at.sort();
            at.windows(2).any(|pair| pair[1] - pair[0] < CALL_TIME)
        })
        .map(|(email, _)| email)
        .collect();
    println!(
        "scale-out test: {INSTANCES} instances on PostgreSQL; {acked_at_kill} acknowledged before SIGKILL of one, \
         {} acknowledged in all ({} refused by the killed one) in {submit_seconds:.1} s, drained at {drained_seconds:.1} s; \
         stored {}; delivered {} distinct; lost: {lost_in_store} in store, {lost_in_salesmanago} in SALESmanago; \
         sent twice: {repeated}; in flight at two instances at once: {}",
        acknowledged.len(),
        refused.load(Ordering::SeqCst),
        stored.len(),
        calls.len(),
        overlapping.len(),
    );
    assert_eq!(
        lost_in_store, 0,
        "acknowledged responses missing from the database"
    );
    assert_eq!(
        lost_in_salesmanago, 0,
        "acknowledged responses never reached SALESmanago"
    );
    assert_eq!(never_sent, 0, "stored responses never reached SALESmanago");
    assert!(
        overlapping.is_empty(),
        "responses in flight at two instances at once: {overlapping:?}"
    );
    // Only the killed instance's claims may repeat: the calls it had in
    // flight and the results its recorder had not yet written, within the
    // rounds of claims it held (as in the single-machine crash test).
    let window = 16 * CONCURRENCY.parse::<usize>().unwrap();
    assert!(
        repeated <= window,
        "{repeated} responses sent twice; at most the killed instance's claims ({window}) may repeat"
    );
}

/// One client: distinct responses (`s{i}@…`), to instance `i % 3`, until
/// `TOTAL`. A refused connection (the killed instance) is not acknowledged
/// and not retried: it may or may not have been stored.
async fn submit(
    client: usize,
    bases: Arc<RwLock<Vec<String>>>,
    next: Arc<AtomicUsize>,
    acked: Arc<Mutex<Vec<String>>>,
    refused: Arc<AtomicUsize>,
) {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    loop {
        let i = next.fetch_add(1, Ordering::SeqCst);
        if i >= TOTAL {
            return;
        }
        let base = bases.read().unwrap()[(i + client) % INSTANCES].clone();
        let email = format!("s{i}@scale.example.pl");
        let sent = http
            .post(format!("{base}/s/demo-ankieta"))
            .form(&[("email", email.as_str()), ("nps", "9"), ("ocena", "Dobrze")])
            .send()
            .await;
        match sent {
            Ok(response) if response.status() == 303 => acked.lock().unwrap().push(email),
            Ok(response) => panic!("unexpected status {}", response.status()),
            Err(_) => {
                refused.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}
