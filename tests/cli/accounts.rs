//! Accounts, their SALESmanago access and surveys from the command line, and its errors.

use crate::common::*;

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

#[test]
fn an_endpoint_outside_salesmanago_is_refused_unless_allowed_and_a_new_server_needs_the_secret() {
    let cli = Cli::new();
    let account = cli.account_with_salesmanago("https://app3.salesmanago.pl", "first-secret");
    let set = |endpoint: &str, client: &str, allow_any: &str| {
        cli.command(&[
            "salesmanago",
            "set",
            "--account",
            &account,
            "--endpoint",
            endpoint,
            "--client-id",
            client,
            "--owner",
            "o@firma.pl",
        ])
        .env("ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT", allow_any)
        .env("ANKIETER_SM_API_SECRET", "")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
    };
    let private = set("http://10.0.0.5", "c", "false");
    assert!(!private.status.success());
    assert!(
        stderr(&private).contains("ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT"),
        "{}",
        stderr(&private)
    );
    let moved = set("https://app5.salesmanago.pl", "c", "false");
    assert!(!moved.status.success());
    assert!(
        stderr(&moved).contains("enter the API secret again"),
        "{}",
        stderr(&moved)
    );
    let same = set("app3.salesmanago.pl", "c", "false");
    assert!(
        same.status.success(),
        "the same server keeps its secret: {}",
        stderr(&same)
    );
}
