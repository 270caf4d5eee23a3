//! Crash test: thousands of submissions from concurrent clients (every
//! fourth a contact-center interaction through the JSON API), `SIGKILL` in
//! the middle, restart. Every response that got a 303 and every interaction
//! that got a 202 is stored and reaches SALESmanago; repeats stay within the at-least-once window (the claims
//! the worker held: `ANKIETER_WORKER__CONCURRENCY`). Runs the built binary (`ANKIETER_BIN` may point at a release
//! build) against a local fake SALESmanago. An EmpikPlace shop is connected
//! too: its inbox's threads are polled at the start and become Thulium
//! tickets while the submissions run; after the kill every thread has its
//! ticket, and repeats stay within the same window.

mod common;

use common::*;
use std::collections::{HashMap, HashSet};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};

const TOTAL: usize = 3_000;
const CLIENTS: usize = 16;
const KILL_AFTER: usize = 1_500;
const CONCURRENCY: &str = "16";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_response_survives_sigkill_and_reaches_salesmanago() {
    let salesmanago = wiremock::MockServer::start().await;
    wiremock::Mock::given(method("POST"))
        .and(path("/api/contact/upsert"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"success": true, "contactId": "c"})),
        )
        .mount(&salesmanago)
        .await;
    wiremock::Mock::given(method("POST"))
        .and(path("/api/contact/basic"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"success": true, "contacts": [{"id": "c"}]})),
        )
        .mount(&salesmanago)
        .await;
    wiremock::Mock::given(method("POST"))
        .and(path(EXT_EVENT))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"success": true, "eventId": "e"})),
        )
        .mount(&salesmanago)
        .await;
    let cli = Cli::new();
    let account = cli.account_with_salesmanago(&salesmanago.uri(), "crash-secret");
    cli.import_demo(&account);
    stdout(&cli.run(&[
        "contact-center",
        "create",
        "--account",
        &account,
        "--name",
        "crash-cc",
    ]));
    let token = stdout(&cli.run(&["token", "create", "--account", &account, "--name", "crash"]))
        .trim()
        .to_owned();
    let (_empik, thulium) = empikplace_shop(&cli, &account).await;
    let env = [
        ("ANKIETER_RATE_LIMIT__SUBMISSIONS_PER_MINUTE", "100000000"),
        ("ANKIETER_RATE_LIMIT__API_REQUESTS_PER_MINUTE", "100000000"),
        // Short, so the claims the kill left behind come back soon; a lease
        // must outlast an attempt's calls (three timeouts at most) by 3 s.
        ("ANKIETER_WORKER__LEASE_SECS", "6"),
        ("ANKIETER_SALESMANAGO__TIMEOUT_MS", "1000"),
        ("ANKIETER_WORKER__CONCURRENCY", CONCURRENCY),
        ("ANKIETER_SALESMANAGO__MAX_REQUESTS_PER_SECOND", "1000000"),
        // The "listening" line is how the test learns the port.
        ("RUST_LOG", "warn,ankieter::startup=info"),
    ];
    let (mut server, base, _log) = serve_with(&cli, &env);

    let next = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let killed = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let clients = spawn_clients(&base, &token, &next, &acked, &killed);
    while acked.lock().unwrap().len() < KILL_AFTER {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(Command::new("kill")
        .args(["-KILL", &server.0.id().to_string()])
        .status()
        .unwrap()
        .success());
    killed.store(true, Ordering::SeqCst);
    let _ = server.0.wait();
    for client in clients {
        client.await.unwrap();
    }
    let acked_before_kill = acked.lock().unwrap().len();
    let submit_seconds = started.elapsed().as_secs_f64();

    // Restart on the same database; the rest of the submissions arrive while
    // the backlog drains.
    let (_server, base, _) = serve_with(&cli, &env);
    killed.store(false, Ordering::SeqCst);
    for client in spawn_clients(&base, &token, &next, &acked, &killed) {
        client.await.unwrap();
    }
    let acknowledged: HashSet<String> = acked.lock().unwrap().iter().cloned().collect();
    let store = cli.store().await;
    let deadline = Instant::now() + Duration::from_secs(60);
    while store.queue_stats().await.unwrap().pending > 0 {
        assert!(
            Instant::now() < deadline,
            "the backlog did not drain after the restart"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let survey = store.survey_by_slug("demo-ankieta").await.unwrap().unwrap();
    let mut stored: HashSet<String> = store
        .responses(survey.id)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| r.answers.get("email").map(|a| a.values[0].clone()))
        .collect();
    let events = store
        .deliveries(&ankieter::db::DeliveryFilter {
            kind: Some(ankieter::db::DeliveryKind::Event),
            ..Default::default()
        })
        .await
        .unwrap();
    stored.extend(
        events
            .iter()
            .map(|d| d.work.event().unwrap().email.as_str().to_owned()),
    );
    let mut received: HashMap<String, usize> = HashMap::new();
    for request in salesmanago.received_requests().await.unwrap() {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        // A response is counted by its upsert, an interaction by its event
        // (by e-mail); the demo survey's SURVEY events go by contact id and
        // follow their upsert.
        let email = match request.url.path() {
            "/api/contact/upsert" => &body["contact"]["email"],
            EXT_EVENT if body.get("email").is_some() => &body["email"],
            _ => continue,
        };
        *received
            .entry(email.as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let lost_in_store = acknowledged.difference(&stored).count();
    let lost_in_salesmanago = acknowledged
        .iter()
        .filter(|e| !received.contains_key(*e))
        .count();
    let never_sent = stored.iter().filter(|e| !received.contains_key(*e)).count();
    let repeated = received.values().filter(|n| **n > 1).count();
    println!(
        "crash test: {acked_before_kill} acknowledged (303 or 202) in {submit_seconds:.1} s, then SIGKILL and restart; \
         {} acknowledged in all ({} of them interactions); stored {} ({} stored but unacknowledged); delivered {} distinct; \
         lost: {lost_in_store} in store, {lost_in_salesmanago} in SALESmanago; sent twice: {repeated}",
        acknowledged.len(),
        acknowledged.iter().filter(|e| e.starts_with('i')).count(),
        stored.len(),
        stored.len() - acknowledged.len(),
        received.len(),
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
    // A crash repeats at most what was sent and not yet recorded: the calls
    // in flight and the results waiting for the recorder, within the claims
    // the worker held (16 calls, and 16 rounds of them for a SALESmanago
    // this quick). Claims not yet sent are not sent twice.
    let window = 16 * CONCURRENCY.parse::<usize>().unwrap();
    println!("{repeated} responses reached SALESmanago twice");

    // Every EmpikPlace thread became one ticket (a repeat only within the
    // claims the kill cut short).
    let mut tickets: HashMap<String, usize> = HashMap::new();
    for request in thulium.received_requests().await.unwrap() {
        if request.method.as_str() == "POST" && request.url.path() == "/api/tickets" {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            let first_line = body["body"]
                .as_str()
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_owned();
            *tickets.entry(first_line).or_default() += 1;
        }
    }
    let tickets_twice = tickets.values().filter(|n| **n > 1).count();
    println!(
        "crash test: {} of {THREADS} EmpikPlace threads have their Thulium ticket; opened twice: {tickets_twice}",
        tickets.len()
    );
    assert_eq!(
        tickets.len(),
        THREADS,
        "an EmpikPlace thread without its ticket"
    );
    assert!(
        tickets_twice <= window,
        "{tickets_twice} tickets opened twice"
    );
    assert!(
        repeated <= window,
        "{repeated} responses sent twice; at most the held claims ({window}) may repeat"
    );
}

const EXT_EVENT: &str = "/api/v2/contact/addContactExtEvent";
/// EmpikPlace threads waiting in the shop's inbox when the server starts.
const THREADS: usize = 300;

/// An EmpikPlace shop of `account` (connected with the CLI) whose inbox
/// holds `THREADS` threads, and a Thulium that opens a ticket for each,
/// a little slowly, so that the kill finds some in flight.
async fn empikplace_shop(cli: &Cli, account: &str) -> (wiremock::MockServer, wiremock::MockServer) {
    let (empik, thulium) = (
        wiremock::MockServer::start().await,
        wiremock::MockServer::start().await,
    );
    let written = ankieter::clock::rfc3339(ankieter::clock::now_ms() + 60_000);
    let threads: Vec<serde_json::Value> = (0..THREADS)
        .map(|i| {
            serde_json::json!({"id": format!("t-{i}"), "topic": {"value": "Pytanie"},
                "date_created": written,
                "messages": [{"id": format!("m-{i}"), "body": format!("wiadomość t-{i}"),
                              "date_created": written, "from": {"type": "CUSTOMER", "id": format!("c-{i}")}}]})
        })
        .collect();
    wiremock::Mock::given(method("GET"))
        .and(path("/api/inbox/threads"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"data": threads})),
        )
        .mount(&empik)
        .await;
    let slowly = |body: serde_json::Value| {
        wiremock::ResponseTemplate::new(200)
            .set_body_json(body)
            .set_delay(Duration::from_millis(20))
    };
    for (verb, at, answer) in [
        ("GET", "/api/customers", slowly(serde_json::json!([]))),
        (
            "POST",
            "/api/customers",
            slowly(serde_json::json!({"customer_id": 1})),
        ),
        (
            "POST",
            "/api/tickets",
            slowly(serde_json::json!({"ticket_id": 2})),
        ),
        ("GET", "/api/tickets", slowly(serde_json::json!([]))),
    ] {
        wiremock::Mock::given(method(verb))
            .and(path(at))
            .respond_with(answer)
            .mount(&thulium)
            .await;
    }
    let mut set = cli.command(&[
        "empikplace",
        "set",
        "--account",
        account,
        "--shop-id",
        "2001",
        "--api-url",
        &format!("{}/api", empik.uri()),
        "--thulium-url",
        &format!("{}/api", thulium.uri()),
        "--thulium-user",
        "api",
        "--queue",
        "7",
        "--customer-field",
        "empik_id",
    ]);
    set.env("ANKIETER_EMPIK_API_KEY", "klucz")
        .env("ANKIETER_THULIUM_PASSWORD", "tajne");
    let output = set.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    (empik, thulium)
}

/// Clients that submit distinct responses (`r{i}@…`), every fourth an
/// interaction instead (`i{i}@…`), until `TOTAL` or the kill.
fn spawn_clients(
    base: &str,
    token: &str,
    next: &Arc<AtomicUsize>,
    acked: &Arc<Mutex<Vec<String>>>,
    killed: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..CLIENTS)
        .map(|_| {
            let (next, acked, killed, url, api, token) = (
                next.clone(),
                acked.clone(),
                killed.clone(),
                format!("{base}/s/demo-ankieta"),
                format!("{base}/api/v1/interactions"),
                token.to_owned(),
            );
            tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .unwrap();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= TOTAL || killed.load(Ordering::SeqCst) {
                        return;
                    }
                    let interaction = i % 4 == 3;
                    let email = if interaction {
                        format!("i{i}@crash.example.pl")
                    } else {
                        format!("r{i}@crash.example.pl")
                    };
                    let sent = if interaction {
                        http.post(&api)
                            .bearer_auth(&token)
                            .json(&serde_json::json!({
                                "integration": "crash-cc", "id": format!("i{i}"),
                                "type": "ticket_closed", "occurred_at": "2026-12-03T10:00:00+01:00",
                                "email": email, "queue": {"id": "1"}
                            }))
                            .send()
                            .await
                    } else {
                        http.post(&url)
                            .form(&[("email", email.as_str()), ("nps", "9"), ("ocena", "Dobrze")])
                            .send()
                            .await
                    };
                    match sent {
                        Ok(response) if response.status() == 303 || response.status() == 202 => {
                            acked.lock().unwrap().push(email)
                        }
                        Ok(response) => panic!("unexpected status {}", response.status()),
                        // The kill: a request in flight may or may not have been stored.
                        Err(_) => return,
                    }
                }
            })
        })
        .collect()
}
