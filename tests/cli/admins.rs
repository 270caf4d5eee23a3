//! `ankieter admin create` and `ankieter admin password`.

use crate::common::*;

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
async fn a_new_password_ends_the_admins_sessions() {
    let cli = Cli::new();
    let account = stdout(&cli.run(&["account", "create", "--name", "Firma"]))
        .trim()
        .to_owned();
    stdout(&cli.run_with_stdin(
        &[
            "admin",
            "create",
            "--account",
            &account,
            "--email",
            "anna@firma.pl",
        ],
        "correct horse battery\n",
    ));
    let before = cli
        .store()
        .await
        .admin_by_email("anna@firma.pl")
        .await
        .unwrap()
        .unwrap();

    let changed = cli.run_with_stdin(
        &["admin", "password", "--email", "Anna@Firma.pl"],
        "another good password\n",
    );
    assert!(stdout(&changed).contains("sessions have ended"));
    let short = cli.run_with_stdin(
        &["admin", "password", "--email", "anna@firma.pl"],
        "short\n",
    );
    assert!(stderr(&short).contains("at least 10 characters"));
    let unknown = cli.run_with_stdin(
        &["admin", "password", "--email", "nikt@firma.pl"],
        "another good password\n",
    );
    assert!(stderr(&unknown).contains("no admin has the e-mail"));

    let store = cli.store().await;
    let after = store
        .admin_by_email("anna@firma.pl")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.session_generation, before.session_generation + 1);
    assert_ne!(after.password_hash, before.password_hash);
    let signed_in = ankieter::manage::authenticate(
        store.as_ref(),
        "anna@firma.pl",
        &"another good password".to_owned().into(),
    )
    .await
    .unwrap();
    assert!(signed_in.is_some(), "the new password signs in");
}
