//! The operator's command line, run as the real binary.

mod common;

use common::*;
use std::process::{Command, Stdio};

#[test]
fn an_operator_sets_up_an_account_from_the_command_line() {
    let cli = Cli::new();

    let created = cli.run(&["account", "create", "--name", "Kavárna", "--language", "cs"]);
    let account = stdout(&created).trim().to_owned();
    assert!(
        uuid::Uuid::try_parse(&account).is_ok(),
        "prints the id: {account:?}"
    );

    let set = cli.run_with_stdin(
        &[
            "salesmanago",
            "set",
            "--account",
            &account,
            "--endpoint",
            "https://app3.salesmanago.pl/api/",
            "--client-id",
            "cid",
            "--owner",
            "owner@kavarna.cz",
        ],
        "top-secret-value\n",
    );
    assert!(stdout(&set).contains("secret encrypted"));
    assert!(
        stderr(&set).contains("generated a server key file"),
        "a generated key is announced"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = std::fs::metadata(cli.dir.path().join("ankieter-data/secret.key")).unwrap();
        assert_eq!(key.permissions().mode() & 0o777, 0o600);
    }
    let listed = stdout(&cli.run(&["account", "list"]));
    assert!(
        !listed.contains("top-secret-value"),
        "the secret is never shown"
    );
    assert!(
        listed.contains("https://app3.salesmanago.pl (client cid)"),
        "{listed}"
    );
    let database = std::fs::read(cli.dir.path().join("ankieter-data/ankieter.db")).unwrap();
    let wal =
        std::fs::read(cli.dir.path().join("ankieter-data/ankieter.db-wal")).unwrap_or_default();
    for bytes in [&database, &wal] {
        assert!(
            !bytes.windows(16).any(|w| w == b"top-secret-value"),
            "the secret is stored encrypted"
        );
    }

    let survey = cli.dir.path().join("survey.json");
    std::fs::write(&survey, ankieter::cli::DEMO_SURVEY).unwrap();
    let imported = cli.run(&[
        "survey",
        "import",
        "--account",
        &account,
        survey.to_str().unwrap(),
    ]);
    assert_eq!(
        stdout(&imported).trim(),
        "https://ankiety.example.pl/s/demo-ankieta"
    );
    let surveys = stdout(&cli.run(&["survey", "list", "--account", &account]));
    assert!(
        surveys.contains("https://ankiety.example.pl/s/demo-ankieta")
            && surveys.contains("0 responses"),
        "{surveys}"
    );
    assert!(
        surveys.contains(
            "embed: <script src=\"https://ankiety.example.pl/embed.js\" data-survey=\"demo-ankieta\" async></script>"
        ),
        "{surveys}"
    );

    let contact = "0f3a1c2e-1111-4a2b-9c3d-0123456789ab";
    let single = stdout(&cli.run(&[
        "survey",
        "link",
        "--account",
        &account,
        "--survey",
        "demo-ankieta",
        "--contact-id",
        contact,
    ]));
    assert!(
        single.trim().starts_with(&format!(
            "https://ankiety.example.pl/s/demo-ankieta?smclientid={contact}&sig="
        )),
        "{single}"
    );
    let ids = cli.dir.path().join("contacts.csv");
    std::fs::write(
        &ids,
        format!(
            "contactId;email\n{contact};a@b.pl\n\n7d0c6f8e-0000-4000-8000-000000000000;c@d.pl\n"
        ),
    )
    .unwrap();
    let csv = stdout(&cli.run(&[
        "survey",
        "link",
        "--account",
        &account,
        "--survey",
        "demo-ankieta",
        "--contacts",
        ids.to_str().unwrap(),
    ]));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert_eq!(rows[0], "contact_id,sig,url");
    assert!(
        single.contains(rows[1].split(',').nth(1).unwrap()),
        "the same signature either way"
    );

    let other = stdout(&cli.run(&["account", "create", "--name", "Inna"]))
        .trim()
        .to_owned();
    let foreign = cli.run(&[
        "survey",
        "link",
        "--account",
        &other,
        "--survey",
        "demo-ankieta",
        "--contact-id",
        contact,
    ]);
    assert!(
        !foreign.status.success() && stderr(&foreign).contains("has no survey"),
        "another account's survey is out of reach"
    );
    assert!(stderr(&cli.run(&["survey", "list", "--account", &other])).contains("No surveys"));

    let none = cli.run(&["deliveries", "list", "--status", "failed"]);
    assert!(stderr(&none).contains("No deliveries match."));
    assert_eq!(
        stdout(&cli.run(&["deliveries", "retry", "--failed"])).trim(),
        "0 failed deliveries will be sent again now."
    );
}

#[test]
fn the_api_secret_comes_from_the_environment_when_set() {
    let cli = Cli::new();
    // The helper gives the secret only in ANKIETER_SM_API_SECRET, with no
    // standard input: it succeeds only if the variable is read.
    let account = cli.account_with_salesmanago("app3.salesmanago.pl", "from-env");
    let listed = stdout(&cli.run(&["account", "list"]));
    assert!(
        listed.contains(&account) && listed.contains("https://app3.salesmanago.pl"),
        "{listed}"
    );
}

#[test]
fn mistakes_get_clear_errors_and_a_failing_exit_code() {
    let cli = Cli::new();
    let account = stdout(&cli.run(&["account", "create", "--name", "Firma"]))
        .trim()
        .to_owned();
    let bad_survey = cli.dir.path().join("bad.json");
    std::fs::write(&bad_survey, r#"{"slug":"x","title":"T","language":"pl","questions":[{"id":"a","type":"stars","text":"?"}]}"#).unwrap();

    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "survey",
                "import",
                "--account",
                &account,
                bad_survey.to_str().unwrap(),
            ],
            "questions[0].type: unknown type \"stars\"",
        ),
        (
            vec!["survey", "import", "--account", &account, "missing.json"],
            "cannot read missing.json",
        ),
        (
            vec!["survey", "list", "--account", "nope"],
            "\"nope\" is not a valid account id",
        ),
        (
            vec![
                "deliveries",
                "retry",
                "7d0c6f8e-0000-4000-8000-000000000000",
            ],
            "does not exist",
        ),
        (
            vec!["account", "create", "--name", "X", "--language", "de"],
            "unknown language \"de\"",
        ),
        (
            vec![
                "salesmanago",
                "set",
                "--account",
                &account,
                "--endpoint",
                "ftp://x",
                "--client-id",
                "c",
                "--owner",
                "o@x.pl",
            ],
            "must use https://",
        ),
    ];
    for (args, expected) in cases {
        let output = cli.run_with_stdin(&args, "secret\n");
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[tokio::test]
async fn the_demo_forwards_responses_to_the_built_in_sandbox() {
    use std::io::BufRead;
    let cli = Cli::new();
    let mut command = cli.command(&["demo"]);
    command
        .env_remove("ANKIETER_PUBLIC_URL")
        .env("ANKIETER_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut demo = Running(command.spawn().unwrap());
    let mut lines = std::io::BufReader::new(demo.0.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    while let Some(Ok(line)) = lines.next() {
        let done = line.starts_with("Press Ctrl+C");
        printed.push(line);
        if done {
            break;
        }
    }
    let link = |label: &str| {
        let line = printed
            .iter()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label} in {printed:?}"));
        line.split_whitespace().last().unwrap().to_owned()
    };
    let (survey, from_email, sandbox) = (link("Survey:"), link("As from"), link("Sandbox"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let page = http.get(&survey).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let submitted = http
        .post(&survey)
        .form(&[
            ("email", "anna@example.pl"),
            ("nps", "9"),
            ("ocena", "Dobrze"),
            ("zgoda", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 303);
    let seed_id = from_email.rsplit('=').next().unwrap().to_owned();
    let by_link = http
        .post(survey.as_str())
        .form(&[
            ("smclientid", seed_id.as_str()),
            ("email", "jan.kowalski@example.pl"),
            ("nps", "3"),
            ("ocena", "Źle"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(by_link.status(), 303);

    let mut contacts = Vec::new();
    for _ in 0..100 {
        let html = http
            .get(&sandbox)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let document = scraper::Html::parse_document(&html);
        let selector = scraper::Selector::parse("article.contact").unwrap();
        contacts = document
            .select(&selector)
            .map(|c| c.text().collect::<String>())
            .collect();
        if contacts
            .iter()
            .filter(|c| c.contains("ANKIETA_ZADOWOLENIA"))
            .count()
            == 2
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let anna = contacts
        .iter()
        .find(|c| c.contains("anna@example.pl"))
        .expect("anna reached the sandbox");
    assert!(
        anna.contains("ankieta.Jak-oceniasz-nasza-obsluge?")
            && anna.contains("Dobrze")
            && anna.contains("opted in"),
        "{anna}"
    );
    let jan = contacts.iter().find(|c| c.contains(&seed_id)).unwrap();
    assert!(
        jan.contains("ANKIETA_ZADOWOLENIA") && jan.contains("Źle"),
        "the smclientid link updated the seeded contact: {jan}"
    );

    // The printed admin login works and shows the demo survey.
    let admin_line = printed
        .iter()
        .find(|l| l.trim_start().starts_with("Admin:"))
        .unwrap();
    let password = admin_line
        .split_whitespace()
        .last()
        .unwrap()
        .trim_end_matches(')');
    let admin_url = admin_line.split_whitespace().nth(1).unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let login = browser
        .get(format!("{admin_url}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let document = scraper::Html::parse_document(&login);
    let csrf = document
        .select(&scraper::Selector::parse("input[name=_csrf]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    let signed_in = browser
        .post(format!("{admin_url}/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("email", "admin@demo.example"),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303, "the demo admin signs in");
    let dashboard = browser.get(admin_url).send().await.unwrap();
    assert_eq!(dashboard.status(), 200);
    assert!(dashboard.text().await.unwrap().contains("Jak nam poszło?"));
}

#[test]
fn admins_are_created_from_the_command_line_with_a_checked_password() {
    let cli = Cli::new();
    let account = stdout(&cli.run(&["account", "create", "--name", "Firma"]))
        .trim()
        .to_owned();
    let create = |email: &str, password: &str| {
        cli.run_with_stdin(
            &["admin", "create", "--account", &account, "--email", email],
            &format!("{password}\n"),
        )
    };
    let created = create("Anna@Firma.pl", "correct horse battery");
    assert!(
        stdout(&created)
            .contains("Admin anna@firma.pl created: sign in at https://ankiety.example.pl/admin"),
        "{}",
        String::from_utf8_lossy(&created.stdout)
    );
    let short = create("jan@firma.pl", "short");
    assert!(!short.status.success());
    assert!(stderr(&short).contains("at least 10 characters"));
    let again = create("anna@firma.pl", "another long password");
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"));
    let unknown = cli.run_with_stdin(
        &[
            "admin",
            "create",
            "--account",
            "00000000-0000-4000-8000-000000000000",
            "--email",
            "x@firma.pl",
        ],
        "correct horse battery\n",
    );
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("no account"));
    // From the environment, as scripts do.
    let from_env = cli
        .command(&[
            "admin",
            "create",
            "--account",
            &account,
            "--email",
            "ola@firma.pl",
        ])
        .env("ANKIETER_ADMIN_PASSWORD", "correct horse battery")
        .output()
        .unwrap();
    assert!(stdout(&from_env).contains("ola@firma.pl"));
}

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

#[tokio::test]
async fn rotating_the_server_key_keeps_every_secret_usable() {
    let cli = Cli::new();
    let account = cli.account_with_salesmanago("app3.salesmanago.pl", "rotate-me-secret");
    cli.import_demo(&account);
    let link_args = [
        "survey",
        "link",
        "--account",
        &account,
        "--survey",
        "demo-ankieta",
        "--contact-id",
        "0f3a1c2e-1111-4a2b-9c3d-0123456789ab",
    ];
    let link_before = stdout(&cli.run(&link_args));
    let key_path = cli.dir.path().join("ankieter-data/secret.key");
    let old_key = std::fs::read_to_string(&key_path).unwrap();

    let rotated = stdout(&cli.run(&["secret-key", "rotate"]));

    assert!(
        rotated.contains("Re-encrypted 1 SALESmanago API secret(s) and 1 survey link key(s)"),
        "{rotated}"
    );
    let new_key = std::fs::read_to_string(&key_path).unwrap();
    assert_ne!(old_key, new_key);
    assert_eq!(
        stdout(&cli.run(&link_args)),
        link_before,
        "signed links in sent e-mails stay valid"
    );
    let store = cli.store().await;
    let stored = store
        .account(uuid::Uuid::parse_str(&account).unwrap())
        .await
        .unwrap()
        .unwrap();
    let new = ankieter::crypto::ServerKey::from_hex(&new_key).unwrap();
    let old = ankieter::crypto::ServerKey::from_hex(&old_key).unwrap();
    let credentials = ankieter::delivery::credentials(&stored, &new).unwrap();
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&credentials.api_secret),
        "rotate-me-secret"
    );
    assert!(
        ankieter::delivery::credentials(&stored, &old).is_err(),
        "the old key no longer decrypts"
    );
}

#[tokio::test]
async fn api_tokens_are_printed_once_listed_without_the_token_and_revoked() {
    let cli = Cli::new();
    let account = stdout(&cli.run(&["account", "create", "--name", "Firma"]))
        .trim()
        .to_owned();
    let created = cli.run(&[
        "token",
        "create",
        "--account",
        &account,
        "--name",
        "Landing page",
    ]);
    let token = stdout(&created).trim().to_owned();
    assert!(token.starts_with("ank_") && token.len() == 68, "{token}");
    assert!(stderr(&created).contains("shown only now"));
    let list = stdout(&cli.run(&["token", "list", "--account", &account]));
    assert!(
        list.contains("Landing page") && list.contains("live"),
        "{list}"
    );
    assert!(!list.contains(&token), "the list never shows the token");

    let (_server, address, _log) = serve(&cli);
    let http = reqwest::Client::new();
    let call = || {
        http.get(format!("{address}/api/v1/surveys"))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(call().await.unwrap().status(), 200);
    let id = list.split_whitespace().next().unwrap();
    assert!(stdout(&cli.run(&["token", "revoke", id])).contains("revoked"));
    assert_eq!(call().await.unwrap().status(), 403);
    let again = cli.run(&["token", "revoke", id]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("no live token"));
}
