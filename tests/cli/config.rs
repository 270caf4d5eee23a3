//! `ankieter --config FILE` and `ankieter config check`.

use crate::common::*;

/// Standard output whatever the exit code.
fn printed(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write(cli: &Cli, name: &str, text: &str) -> String {
    let path = cli.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn config_check_lists_every_problem_and_fails() {
    let cli = Cli::new();
    let file = write(
        &cli,
        "ankieter.toml",
        "database_url = \"postgres://ankieter:bardzo-tajne@127.0.0.1:1/ankieter\"\n\
         [worker]\nconcurency = 4\n[rate_limit]\nsubmissions_per_minute = \"many\"\n",
    );
    let output = cli.run(&["--config", &file, "config", "check"]);
    assert!(!output.status.success());
    let (out, err) = (printed(&output), stderr(&output));
    assert!(err.contains("unknown key `worker.concurency`"), "{err}");
    assert!(err.contains("submissions_per_minute"), "{err}");
    assert!(
        !format!("{out}{err}").contains("bardzo-tajne"),
        "the password is hidden"
    );

    // Fixed values; the database still cannot be reached.
    let file = write(
        &cli,
        "ankieter.toml",
        "database_url = \"postgres://ankieter:bardzo-tajne@127.0.0.1:1/ankieter\"\n[worker]\nconcurrency = 4\n",
    );
    let output = cli.run(&["--config", &file, "config", "check"]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("Problems (1)") && err.contains("database:"),
        "{err}"
    );
    assert!(printed(&output).contains("postgres://ankieter:***@127.0.0.1:1/ankieter"));

    // The server refuses the same file with the same words.
    let serve = cli.run(&[
        "--config",
        &file.replace("ankieter.toml", "missing.toml"),
        "serve",
    ]);
    assert!(!serve.status.success());
    assert!(
        stderr(&serve).contains("cannot read the settings file"),
        "{}",
        stderr(&serve)
    );
}

#[test]
fn the_file_is_used_the_environment_wins_and_a_good_one_passes() {
    let cli = Cli::new();
    let database = cli.dir.path().join("z-pliku/ankieter.db");
    let file = write(
        &cli,
        "ankieter.toml",
        &format!(
            "database_url = \"sqlite://{}\"\npublic_url = \"https://z-pliku.example.pl\"\n\
             [worker]\nconcurrency = 4\n[thulium]\npoll_seconds = 120\n",
            database.display()
        ),
    );
    let mut check = cli.command(&["--config", &file, "config", "check"]);
    check.env("ANKIETER_THULIUM__POLL_SECONDS", "300");
    let output = check.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("worker.concurrency = 4    [file]"), "{out}");
    assert!(
        out.contains("thulium.poll_seconds = 300    [ANKIETER_THULIUM__POLL_SECONDS]"),
        "{out}"
    );
    assert!(
        out.contains("does not exist yet; the server creates it"),
        "{out}"
    );

    // A command run with the file writes where the file says.
    let created = cli.run(&["--config", &file, "account", "create", "--name", "Z pliku"]);
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(database.exists());
    let output = cli.run(&["--config", &file, "config", "check"]);
    assert!(stdout(&output).contains("(current)"), "{}", stdout(&output));

    // A database written by a newer ankieter is a problem: the server
    // would refuse it.
    let connection = rusqlite::Connection::open(&database).unwrap();
    connection
        .execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', 1, x'00', 0)",
            [],
        )
        .unwrap();
    let output = cli.run(&["--config", &file, "config", "check"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("schema 9999"),
        "{}",
        stderr(&output)
    );
}
