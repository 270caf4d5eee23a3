//! `ankieter empikplace set|list`: secrets from the environment or standard
//! input only, clear errors, a second `set` of the same shop changes it.

use crate::common::*;

#[test]
fn a_shop_is_connected_listed_and_changed_from_the_command_line() {
    let cli = Cli::new();
    let account = cli.account_with_salesmanago("http://127.0.0.1:9", "very-secret-api-key-123");
    let args = |poll: &'static str| {
        vec![
            "empikplace",
            "set",
            "--account",
            &account,
            "--shop-id",
            "2001",
            "--thulium-url",
            "acme",
            "--thulium-user",
            "api",
            "--queue",
            "7",
            "--customer-field",
            "empik_id",
            "--poll-seconds",
            poll,
        ]
    };
    let too_often = cli.run_with_stdin(&args("30"), "klucz-sklepu\ntajne\n");
    assert!(!too_often.status.success());
    assert!(
        stderr(&too_often).contains("every 60 to 86,400 seconds"),
        "{}",
        stderr(&too_often)
    );

    let saved = cli.run_with_stdin(&args("120"), "klucz-sklepu\ntajne\n");
    assert!(saved.status.success(), "{}", stderr(&saved));
    let id = stdout(&saved).trim().to_owned();
    let listed = stdout(&cli.run(&["empikplace", "list", "--account", &account]));
    assert!(
        listed.starts_with(&id) && listed.contains("shop 2001") && listed.contains("polled"),
        "{listed}"
    );
    assert!(!listed.contains("klucz-sklepu"));

    // The same shop again: changed, not a second integration; empty
    // secrets keep the saved ones.
    let mut off = args("120");
    off.push("--off");
    let changed = cli.run_with_stdin(&off, "\n\n");
    assert!(changed.status.success(), "{}", stderr(&changed));
    assert_eq!(stdout(&changed).trim(), id);
    let listed = stdout(&cli.run(&["empikplace", "list", "--account", &account]));
    assert_eq!(listed.lines().count(), 1);
    assert!(listed.contains("off"));
}
