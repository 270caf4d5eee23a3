//! `ankieter person export|erase` and `ankieter retention`, run as the real
//! binary while the server runs.

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_exported_and_erased_from_the_command_line_while_the_server_runs() {
    let cli = Cli::new();
    let account = cli.account_with_salesmanago("http://127.0.0.1:9", "very-secret-api-key-123");
    cli.import_demo(&account);
    let (_server, base, _log) = serve(&cli);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for email in ["Marta@Example.pl", "inna@example.pl"] {
        let answer = http
            .post(format!("{base}/s/demo-ankieta"))
            .form(&[("email", email), ("nps", "9"), ("ocena", "Dobrze")])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 303);
    }

    let export = cli.run(&[
        "person",
        "export",
        "--account",
        &account,
        "--email",
        "marta@example.pl",
    ]);
    let document: serde_json::Value = serde_json::from_str(&stdout(&export)).unwrap();
    assert_eq!(document["responses"].as_array().unwrap().len(), 1);
    assert_eq!(document["responses"][0]["survey"], "demo-ankieta");

    let neither = cli.run(&["person", "erase", "--account", &account]);
    assert!(!neither.status.success());
    let erased = stdout(&cli.run(&[
        "person",
        "erase",
        "--account",
        &account,
        "--email",
        "MARTA@example.pl",
    ]));
    assert!(
        erased.starts_with("Erased 1 responses, 1 deliveries (1 not yet sent, cancelled)"),
        "{erased}"
    );
    let store = cli.store().await;
    let account_id = uuid::Uuid::parse_str(&account).unwrap();
    let log = store.audit_log(account_id, None, 10).await.unwrap();
    assert_eq!(
        (log[0].actor.as_str(), log[0].action.as_str()),
        ("cli", "person.erase")
    );
    assert!(!log.iter().any(|e| e.detail.contains("marta")));
    // The operator's earlier changes are in the log too.
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.ends_with(&["person.export", "survey.import", "salesmanago.save"]),
        "{actions:?}"
    );

    let set = stdout(&cli.run(&["retention", "set", "--account", &account, "--days", "30"]));
    assert!(set.contains("30 days"), "{set}");
    let run = stdout(&cli.run(&["retention", "run"]));
    assert!(
        run.contains("0 responses and 0 deliveries deleted, values of 0 deliveries removed"),
        "{run}"
    );
    let wrong = cli.run(&["retention", "set", "--account", &account, "--days", "0"]);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("from 1 to 36500 days"));
}
