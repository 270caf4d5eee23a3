//! The real server on a filesystem of its own (a small tmpfs in a private
//! mount namespace): the disk fills up, and once space comes back the server
//! recovers by itself. Meanwhile `/readyz` says why it is not ready, the log
//! stays small, and no response that got its 303 is lost.

use crate::common::*;
use std::collections::HashSet;
use std::process::Command;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};

/// Mounts need root here (CI runs as root); elsewhere the test says it is
/// skipped, and with `CI` set it fails instead.
fn can_mount() -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    let tools = ["unshare", "mount"].iter().all(|tool| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|out| out.status.success())
    });
    if !(root && tools) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the storage fault test: it needs root, unshare and mount"
        );
        eprintln!("\n*** SKIPPED the storage fault test: it needs root (mounts a small tmpfs).\n");
    }
    root && tools
}

struct Respondent {
    http: reqwest::Client,
    base: String,
    acknowledged: Vec<String>,
    sent: usize,
}

impl Respondent {
    /// Submits one response with a long answer; true when it got its 303.
    async fn submit(&mut self) -> u16 {
        self.sent += 1;
        let email = format!("r{}@example.pl", self.sent);
        let status = self
            .http
            .post(format!("{}/s/demo-ankieta", self.base))
            .form(&[
                ("email", email.as_str()),
                ("nps", "7"),
                ("ocena", "Dobrze"),
                ("uwagi", &"długa odpowiedź ".repeat(500)),
            ])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        if status == 303 {
            self.acknowledged.push(email);
        }
        status
    }

    async fn ready(&self) -> (u16, String) {
        let response = self
            .http
            .get(format!("{}/readyz", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Waits up to `limit` for `/readyz` to answer `status`; returns its body.
    async fn wait_ready(&self, status: u16, limit: Duration) -> String {
        let started = Instant::now();
        loop {
            let (now, body) = self.ready().await;
            if now == status {
                return body;
            }
            assert!(
                started.elapsed() < limit,
                "/readyz is still {now} ({body}) after {limit:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_reported_waited_out_quietly_and_survived() {
    if !can_mount() {
        return;
    }
    let salesmanago = wiremock::MockServer::start().await;
    wiremock::Mock::given(method("POST"))
        .and(path("/api/contact/upsert"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"success": true, "contactId": "c"})),
        )
        .mount(&salesmanago)
        .await;
    let cli = Cli::new();
    let account = cli.account_with_salesmanago(&salesmanago.uri(), "storage-secret");
    cli.import_demo(&account);
    let disk = cli.dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();

    // The database moves onto a 3 MB filesystem with 1 MB of filler on it.
    let script = r#"set -e
mount -t tmpfs -o size=3m ankieter-test "$DISK"
cp ankieter-data/ankieter.db* "$DISK/"
dd if=/dev/zero of="$DISK/filler" bs=64k count=16 2>/dev/null
exec "$ANKIETER" serve"#;
    let mut command = Command::new("unshare");
    command.args([
        "--mount",
        "--propagation",
        "private",
        "--",
        "sh",
        "-c",
        script,
    ]);
    cli.environment(&mut command);
    command
        .env("DISK", &disk)
        .env("ANKIETER", Cli::binary())
        .env(
            "ANKIETER_DATABASE_URL",
            format!("sqlite://{}/ankieter.db", disk.display()),
        )
        .env("ANKIETER_WAL_READY_MB", "0")
        .env("ANKIETER_LISTEN", "127.0.0.1:0")
        .env("ANKIETER_RATE_LIMIT__SUBMISSIONS_PER_MINUTE", "1000000")
        .env("RUST_LOG", "warn,ankieter=info");
    let (server, base, log) = start_serving(command);
    let pid = server.0.id();
    let mut respondent = Respondent {
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        base,
        acknowledged: Vec::new(),
        sent: 0,
    };
    respondent.wait_ready(200, Duration::from_secs(10)).await;

    // 1. The disk fills up: submits start failing, and readiness says why.
    let mut refused = 0;
    while refused < 5 {
        assert!(respondent.sent < 3_000, "the disk never filled up");
        match respondent.submit().await {
            303 => refused = 0,
            // The database is away for a while: try again later.
            503 => refused += 1,
            other => panic!("a submit on a full disk answered {other}"),
        }
    }
    let why = respondent.wait_ready(503, Duration::from_secs(5)).await;
    assert!(
        why.contains("refuses writes") && why.contains("full"),
        "{why}"
    );

    // Quiet while it lasts: no error storm from the worker or the checkpoints
    // (counted at the end, by the lines' times).
    // From the next whole second on: the lines of the refused submits and
    // of readiness's first refusal are behind.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let idle_from = utc_second();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let idle_until = utc_second();

    // Space comes back: the server takes submits again by itself.
    std::fs::remove_file(format!("/proc/{pid}/root{}/filler", disk.display())).unwrap();
    respondent.wait_ready(200, Duration::from_secs(35)).await;
    assert_eq!(respondent.submit().await, 303);

    for _ in 0..5 {
        assert_eq!(
            respondent.submit().await,
            303,
            "writes work again without a restart"
        );
    }

    // Every acknowledged response reaches SALESmanago.
    let acknowledged: HashSet<String> = respondent.acknowledged.iter().cloned().collect();
    let started = Instant::now();
    let missing = loop {
        let received: HashSet<String> = salesmanago
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter_map(|r| {
                let body: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
                Some(body["contact"]["email"].as_str()?.to_owned())
            })
            .collect();
        let missing: Vec<_> = acknowledged.difference(&received).cloned().collect();
        if missing.is_empty() || started.elapsed() > Duration::from_secs(60) {
            break missing;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        missing.is_empty(),
        "acknowledged, never delivered: {missing:?}"
    );
    drop(server);
    let log = log.join().unwrap();
    assert!(!log.contains("stack backtrace"), "no backtraces in the log");
    let idle_lines: Vec<&str> = log
        .lines()
        .filter(|line| {
            line.get(..19)
                .is_some_and(|second| (idle_from.as_str()..=idle_until.as_str()).contains(&second))
        })
        .collect();
    assert!(
        idle_lines.len() <= 12,
        "{} log lines in 5 idle seconds on a full disk:\n{}",
        idle_lines.len(),
        idle_lines.join("\n")
    );
}

/// Now, as a log line begins: `2026-12-03T10:35:27`.
fn utc_second() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    time::OffsetDateTime::now_utc().format(&format).unwrap()
}
