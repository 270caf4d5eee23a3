//! `ankieter db copy`: an installation on SQLite moved to PostgreSQL, with
//! delivered and still-failing deliveries, their attempt history, an admin,
//! a token and the encrypted SALESmanago secret; interrupted and resumed;
//! and the server on the copy carries on where the old one stopped.

use crate::common::*;
use crate::postgres_db::fresh_database;
use std::collections::HashMap;
use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const DELIVERED: usize = 40;
const FAILING: usize = 20;

/// A fake upsert: counts the calls per e-mail and, while `refuse` is set,
/// answers 503 for the e-mails of people still waiting ("czeka").
#[derive(Clone, Default)]
struct Upserts {
    calls: Arc<Mutex<HashMap<String, usize>>>,
    refuse: Arc<AtomicBool>,
}

impl Respond for Upserts {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let email = body["contact"]["email"].as_str().unwrap_or("").to_owned();
        *self.calls.lock().unwrap().entry(email.clone()).or_default() += 1;
        if email.starts_with("czeka") && self.refuse.load(Ordering::SeqCst) {
            return ResponseTemplate::new(503).insert_header("retry-after", "2");
        }
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"success": true, "contactId": "c"}))
    }
}

impl Upserts {
    fn calls(&self, email: &str) -> usize {
        self.calls.lock().unwrap().get(email).copied().unwrap_or(0)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_installation_moves_from_sqlite_to_postgresql_and_carries_on() {
    let Some(target) = fresh_database("the db copy test").await else {
        return;
    };
    let Some(second_target) = fresh_database("the db copy test").await else {
        return;
    };
    let salesmanago = MockServer::start().await;
    let upserts = Upserts::default();
    upserts.refuse.store(true, Ordering::SeqCst);
    Mock::given(method("POST"))
        .and(path("/api/contact/upsert"))
        .respond_with(upserts.clone())
        .mount(&salesmanago)
        .await;

    // An installation on SQLite: delivered responses, failing ones with
    // attempts behind them, an admin and a token.
    let cli = Cli::new();
    let account = cli.account_with_salesmanago(&salesmanago.uri(), "copy-secret");
    cli.import_demo(&account);
    let token = stdout(&cli.run(&[
        "token",
        "create",
        "--account",
        &account,
        "--name",
        "Landing",
    ]))
    .trim()
    .to_owned();
    let admin = cli
        .command(&[
            "admin",
            "create",
            "--account",
            &account,
            "--email",
            "anna@firma.pl",
        ])
        .env("ANKIETER_ADMIN_PASSWORD", "dlugie-haslo-anny-123")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(admin.status.success(), "{}", stderr(&admin));
    let emails: Vec<String> = (0..DELIVERED)
        .map(|i| format!("gotowe{i}@example.pl"))
        .chain((0..FAILING).map(|i| format!("czeka{i}@example.pl")))
        .collect();
    {
        let (server, base, _log) = serve(&cli);
        submit_all(&base, &emails).await;
        wait_until("every response tried once", || {
            emails.iter().all(|email| upserts.calls(email) >= 1)
        })
        .await;
        stop(server);
    }
    // A second account with a survey of its own: the copy takes every account.
    let other = cli.account_with_salesmanago(&salesmanago.uri(), "other-secret");
    let other_survey = cli.dir.path().join("other.json");
    std::fs::write(
        &other_survey,
        ankieter::cli::DEMO_SURVEY.replace("demo-ankieta", "druga-ankieta"),
    )
    .unwrap();
    stdout(&cli.run(&[
        "survey",
        "import",
        "--account",
        &other,
        other_survey.to_str().unwrap(),
    ]));
    let sqlite_counts = sqlite_counts(&cli);
    assert_eq!(sqlite_counts["accounts"], 2);
    assert_eq!(sqlite_counts["surveys"], 2);
    assert_eq!(sqlite_counts["responses"], DELIVERED + FAILING);
    assert!(sqlite_counts["delivery_attempts"] >= DELIVERED + FAILING);

    // The copy, in small batches; every table compared at the end.
    let copied = cli.run(&["db", "copy", "--to", &target, "--batch", "7"]);
    assert!(copied.status.success(), "{}", stderr(&copied));
    let report = stdout(&copied);
    for (table, rows) in &sqlite_counts {
        let line = report
            .lines()
            .find(|l| l.split_whitespace().next() == Some(table))
            .unwrap_or_else(|| panic!("{table} in the report: {report}"));
        assert!(
            line.contains(&format!(" {rows} rows")),
            "{line} (SQLite holds {rows})"
        );
    }
    assert!(
        report.contains("Every table matches the source"),
        "{report}"
    );

    // A target that holds data is not written unasked; --force starts over.
    let again = cli.run(&["db", "copy", "--to", &target]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("not empty"), "{}", stderr(&again));
    let forced = cli.run(&["db", "copy", "--to", &target, "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    println!("{}{}", stderr(&forced), stdout(&forced));

    // Interrupted (SIGKILL while responses are being copied), then resumed.
    let mut interrupted = cli
        .command(&["db", "copy", "--to", &second_target, "--batch", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let progress = std::io::BufReader::new(interrupted.stderr.take().unwrap());
    for line in progress.lines() {
        let line = line.unwrap();
        if line.starts_with("surveys:") && line.ends_with("(100%)") {
            break;
        }
    }
    interrupted.kill().unwrap();
    interrupted.wait().unwrap();
    let resumed = cli.run(&["db", "copy", "--to", &second_target, "--batch", "5"]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains("Resuming an interrupted copy"),
        "{}",
        stderr(&resumed)
    );
    assert!(
        stdout(&resumed).contains("Every table matches"),
        "{}",
        stdout(&resumed)
    );

    // The server on PostgreSQL: the token and the secret work, the failing
    // deliveries go out, the delivered ones are not sent again.
    upserts.refuse.store(false, Ordering::SeqCst);
    let before: HashMap<String, usize> = upserts.calls.lock().unwrap().clone();
    let on_postgres = Cli {
        database: Some(target.clone()),
        ..cli
    };
    let (server, base, _log) = serve(&on_postgres);
    let surveys = reqwest::Client::new()
        .get(format!("{base}/api/v1/surveys"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(surveys.status(), 200);
    wait_until("the failing deliveries delivered from PostgreSQL", || {
        (0..FAILING).all(|i| {
            upserts.calls(&format!("czeka{i}@example.pl")) > before[&format!("czeka{i}@example.pl")]
        })
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for i in 0..DELIVERED {
        let email = format!("gotowe{i}@example.pl");
        assert_eq!(
            upserts.calls(&email),
            1,
            "{email} was sent again after the move"
        );
    }
    stop(server);
}

async fn submit_all(base: &str, emails: &[String]) {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for email in emails {
        let sent = http
            .post(format!("{base}/s/demo-ankieta"))
            .form(&[("email", email.as_str()), ("nps", "9"), ("ocena", "Dobrze")])
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 303, "{email}");
    }
}

async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Stops a server as an operator does (SIGTERM) and waits for it.
fn stop(mut server: Running) {
    let pid = server.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let _ = server.0.wait();
}

fn sqlite_counts(cli: &Cli) -> HashMap<&'static str, usize> {
    let database =
        rusqlite::Connection::open(cli.dir.path().join("ankieter-data/ankieter.db")).unwrap();
    [
        "accounts",
        "surveys",
        "responses",
        "admin_users",
        "api_tokens",
        "deliveries",
        "delivery_attempts",
    ]
    .into_iter()
    .map(|table| {
        let rows: usize = database
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap();
        (table, rows)
    })
    .collect()
}
