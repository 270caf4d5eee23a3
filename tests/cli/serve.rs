//! `ankieter serve`: stopping with SIGTERM.

use crate::common::*;
use std::process::Command;

#[tokio::test]
async fn sigterm_finishes_the_delivery_in_flight_exits_within_10_seconds_and_leaves_one_whole_file()
{
    use wiremock::matchers::{method, path};
    let salesmanago = wiremock::MockServer::start().await;
    wiremock::Mock::given(method("POST"))
        .and(path("/api/contact/upsert"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"success": true, "contactId": "c-1"}))
                .set_delay(std::time::Duration::from_millis(1500)),
        )
        .mount(&salesmanago)
        .await;
    // The demo survey also sends each response as a SURVEY event.
    wiremock::Mock::given(method("POST"))
        .and(path("/api/v2/contact/addContactExtEvent"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"success": true})),
        )
        .mount(&salesmanago)
        .await;
    let cli = Cli::new();
    let account = cli.account_with_salesmanago(&salesmanago.uri(), "very-secret-api-key-123");
    cli.import_demo(&account);
    let (mut server, base, log) = serve(&cli);

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let submitted = http
        .post(format!("{base}/s/demo-ankieta"))
        .form(&[
            ("email", "anna.secret@example.pl"),
            ("nps", "9"),
            ("ocena", "Dobrze"),
            ("uwagi", "tajna odpowiedz"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 303);
    while salesmanago.received_requests().await.unwrap().is_empty() {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The delivery is now in flight (SALESmanago answers after 1.5 s).
    let pid = server.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let stopping = std::time::Instant::now();
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopping.elapsed() < std::time::Duration::from_secs(10),
            "still running 10 s after SIGTERM"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };

    assert!(status.success(), "exit status {status}");
    // The stop copied the WAL into the database file: a copy of that file
    // alone, as a backup of a stopped server would be, has every write,
    // the last one (the delivery's result) included.
    let data = cli.dir.path().join("ankieter-data");
    let wal = std::fs::metadata(data.join("ankieter.db-wal")).map_or(0, |wal| wal.len());
    assert_eq!(wal, 0, "the WAL is empty after a stop");
    let backup = tempfile::tempdir().unwrap();
    std::fs::copy(data.join("ankieter.db"), backup.path().join("copy.db")).unwrap();
    let copy = store_at(&backup.path().join("copy.db")).await;
    let deliveries = copy.deliveries(&Default::default()).await.unwrap();
    assert_eq!(
        deliveries[0].status,
        ankieter::db::DeliveryStatus::Delivered,
        "the attempt in flight was finished"
    );
    assert!(
        !format!("{deliveries:?}").contains("very-secret-api-key-123"),
        "the secret is not in delivery records"
    );
    let log = log.join().unwrap();
    for secret in [
        "very-secret-api-key-123",
        "anna.secret@example.pl",
        "tajna odpowiedz",
    ] {
        assert!(
            !log.contains(secret),
            "{secret:?} leaked into the log:\n{log}"
        );
    }
    assert!(log.contains("delivered"), "{log}");
}
