//! `ankieter contact-center …`: an integration from the command line, its
//! webhook credentials working against the running server.

use crate::common::*;
use std::process::Stdio;

#[tokio::test]
async fn an_integration_is_created_shown_changed_and_deleted() {
    let cli = Cli::new();
    let account = stdout(&cli.run(&["account", "create", "--name", "Firma"]))
        .trim()
        .to_owned();
    let created = cli.run(&[
        "contact-center",
        "create",
        "--account",
        &account,
        "--name",
        "thulium-main",
        "--ticket-queues",
        "32,33",
        "--chat-queues",
        "none",
        "--event-type",
        "ticket_closed=CANCELLATION",
    ]);
    let printed = stdout(&created);
    assert!(stderr(&created).contains("shown only now"));
    let value = |label: &str| {
        printed
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label} in {printed}"))
            .split_whitespace()
            .last()
            .unwrap()
            .to_owned()
    };
    let (user, password) = (value("HTTP Basic user:"), value("HTTP Basic password:"));
    let url = printed
        .lines()
        .find(|l| l.contains("/hooks/thulium/"))
        .unwrap()
        .trim()
        .to_owned();
    assert!(
        printed.contains("Forwarded: tickets 32,33, chats none, calls all")
            && printed.contains("ticket_closed            CANCELLATION")
            && printed.contains("incoming_call_abandoned  PHONE_CALL")
            && printed.contains("location thulium_main"),
        "{printed}"
    );
    let shown = stdout(&cli.run(&[
        "contact-center",
        "show",
        "--account",
        &account,
        "thulium-main",
    ]));
    assert!(
        shown.contains(&user) && !shown.contains(&password),
        "{shown}"
    );

    // The printed credentials open the running server's webhook.
    let (_server, address, _log) = serve(&cli);
    let path = &url[url.find("/hooks/").unwrap()..];
    let hook = |user: String, password: String| {
        reqwest::Client::new()
            .post(format!("{address}{path}"))
            .basic_auth(user, Some(password))
            .json(&serde_json::json!({"action": "CHAT_CONVERSATION_CREATED", "conversation_id": 1}))
            .send()
    };
    assert_eq!(
        hook(user.clone(), password.clone()).await.unwrap().status(),
        200
    );
    assert_eq!(hook(user.clone(), "x".into()).await.unwrap().status(), 401);

    let changed = stdout(&cli.run(&[
        "contact-center",
        "set",
        "--account",
        &account,
        "thulium-main",
        "--prefix",
        "genesys",
        "--add-missing-contacts",
        "--new-webhook-password",
    ]));
    assert!(
        changed.contains("Events: GENESYS_… at location thulium_main")
            && changed.contains("added")
            && changed.contains("HTTP Basic password:"),
        "{changed}"
    );
    assert_eq!(
        hook(user, password).await.unwrap().status(),
        401,
        "the old password stops working"
    );

    let thulium = cli
        .command(&[
            "contact-center",
            "thulium",
            "--account",
            &account,
            "thulium-main",
            "--thulium-url",
            "acme",
            "--thulium-user",
            "api",
        ])
        .env("ANKIETER_THULIUM_PASSWORD", "tajne-haslo")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(stdout(&thulium).contains("https://acme.thulium.com/api"));
    let store = cli.store().await;
    let secrets = store.encrypted_secrets().await.unwrap();
    assert_eq!(secrets.len(), 1, "the Thulium password is stored encrypted");
    assert!(!secrets[0].ciphertext.contains("tajne-haslo"));

    let test = stdout(&cli.run(&[
        "contact-center",
        "test-event",
        "--account",
        &account,
        "thulium-main",
        "--email",
        "jan@example.com",
        "--type",
        "incoming_call_completed",
    ]));
    assert!(
        test.contains("Test event GENESYS_INCOMING_CALL_COMPLETED queued"),
        "{test}"
    );
    let listed = stdout(&cli.run(&["deliveries", "list"]));
    assert!(
        listed.contains("[GENESYS_INCOMING_CALL_COMPLETED]"),
        "{listed}"
    );

    let missing = cli.run(&["contact-center", "show", "--account", &account, "nie-ma"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no contact-center integration"));
    let bad = cli.run(&[
        "contact-center",
        "create",
        "--account",
        &account,
        "--name",
        "x y",
    ]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("name"), "{}", stderr(&bad));
    let deleted = stdout(&cli.run(&[
        "contact-center",
        "delete",
        "--account",
        &account,
        "thulium-main",
    ]));
    assert!(deleted.contains("deleted"));
    let list = cli.run(&["contact-center", "list", "--account", &account]);
    assert!(stderr(&list).contains("No contact-center integrations."));
}
