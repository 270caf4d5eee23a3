//! Upgrades and rollbacks: a binary says which schema it writes, and one
//! older than its database refuses to touch it.

use crate::common::*;

#[test]
fn a_binary_older_than_its_database_refuses_it_and_says_what_to_do() {
    let cli = Cli::new();
    let version = stdout(&cli.run(&["--version"]));
    let schema: i64 = version
        .split("database schema ")
        .nth(1)
        .and_then(|rest| rest.trim().trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("--version names the schema: {version}"));
    assert!(cli
        .run(&["account", "create", "--name", "Firma"])
        .status
        .success());
    let database = cli.dir.path().join("ankieter-data/ankieter.db");
    rusqlite::Connection::open(&database)
        .unwrap()
        .execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?1, 'from a newer ankieter', 1, x'00', 0)",
            [schema + 1],
        )
        .unwrap();

    let refused = cli.run(&["account", "list"]);

    assert!(!refused.status.success());
    let said = stderr(&refused);
    assert!(
        said.contains(&format!("schema version {}", schema + 1)) && said.contains("newer ankieter"),
        "{said}"
    );
}
