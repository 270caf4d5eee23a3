//! Migrations that rebuild a table keep what a running server already stored.

use ankieter::db::SqliteStore;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};
use std::str::FromStr;

static MIGRATIONS: Migrator = sqlx::migrate!("src/db/migrations/sqlite");

/// A database as version `upto` left it, with one delivered delivery and its
/// attempt history.
async fn database_at(url: &str, upto: i64) -> SqlitePool {
    let options = SqliteConnectOptions::from_str(url)
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    let mut older = Migrator::DEFAULT;
    older.migrations = MIGRATIONS
        .iter()
        .filter(|m| m.version <= upto)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    older.run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO accounts (id, name, language, property_prefix, created_at) VALUES ('a', 'A', 'pl', 'ankieta.', 1)",
        "INSERT INTO surveys (id, account_id, slug, document, created_at, updated_at) VALUES ('s', 'a', 'slug', '{}', 1, 1)",
        "INSERT INTO responses (id, account_id, survey_id, answers, created_at) VALUES ('r', 'a', 's', '[]', 1)",
        "INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, attempts, next_attempt_at, \
         request_kind, contact_id, created_at, updated_at, delivered_at) \
         VALUES ('d', 'a', 's', 'r', 'delivered', '{\"p\":1}', 2, 5, 'upsert', 'c-1', 1, 6, 6)",
        "INSERT INTO delivery_attempts (delivery_id, attempt, at, outcome, message) VALUES ('d', 1, 3, 'retry', 'HTTP 503')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool
}

#[tokio::test]
async fn the_deliveries_rebuild_keeps_rows_history_and_rules() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("old.db").display());
    database_at(&url, 6).await.close().await;

    // The server's own start applies the rest.
    SqliteStore::connect(&url).await.unwrap();

    let pool = database_at_current(&url).await;
    let table: String = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(
        table.contains("status = 'pending' OR") && !table.contains("IN ("),
        "the status rule was not rewritten: {table}"
    );
    let row = sqlx::query(
        "SELECT status, plan, attempts, request_kind, contact_id, delivered_at FROM deliveries WHERE id = 'd'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.get::<String, _>("status"), "delivered");
    assert_eq!(row.get::<String, _>("plan"), "{\"p\":1}");
    assert_eq!(row.get::<i64, _>("attempts"), 2);
    assert_eq!(row.get::<String, _>("request_kind"), "upsert");
    assert_eq!(row.get::<String, _>("contact_id"), "c-1");
    assert_eq!(row.get::<i64, _>("delivered_at"), 6);
    let history: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM delivery_attempts WHERE delivery_id = 'd'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(history, 1);
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(broken.is_empty(), "foreign keys broken: {broken:?}");
    let indexes: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND sql IS NOT NULL ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        indexes,
        vec![
            ("deliveries_account_created".to_owned(),),
            ("deliveries_account_due".to_owned(),),
            ("deliveries_contact_email".to_owned(),),
            ("deliveries_due".to_owned(),),
            ("deliveries_empik".to_owned(),),
            ("deliveries_interaction".to_owned(),),
            ("deliveries_survey".to_owned(),)
        ],
        "0008 keeps each account's deliveries in due order; 0010 adds the interactions' \
         index, partial; 0012 the contact card's, by e-mail (its cost to a response's insert \
         is measured in docs/performance.md); 0016 the one by survey PostgreSQL has (a \
         survey's deletion and its count); 0017 the one by account and age (retention); \
         0018 EmpikPlace steps' uniqueness per integration"
    );
    let kind: String = sqlx::query_scalar("SELECT kind FROM deliveries WHERE id = 'd'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        kind, "response",
        "0010 marks the existing rows as responses'"
    );

    // The rules still hold: a status outside the list and a delivery of a
    // response that does not exist are refused.
    let bad_status = sqlx::query("UPDATE deliveries SET status = 'lost' WHERE id = 'd'")
        .execute(&pool)
        .await;
    assert!(bad_status.is_err(), "an unknown status was accepted");
    let orphan = sqlx::query(
        "INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, next_attempt_at, created_at, updated_at) \
         VALUES ('x', 'a', 's', 'no-such-response', 'pending', '{}', 1, 1, 1)",
    )
    .execute(&pool)
    .await;
    assert!(
        orphan.is_err(),
        "a delivery without its response was accepted"
    );
    let event_without_integration = sqlx::query(
        "INSERT INTO deliveries (id, account_id, kind, status, plan, next_attempt_at, created_at, updated_at) \
         VALUES ('y', 'a', 'event', 'pending', '{}', 1, 1, 1)",
    )
    .execute(&pool)
    .await;
    assert!(
        event_without_integration.is_err(),
        "an event's delivery without its integration was accepted"
    );
}

async fn database_at_current(url: &str) -> SqlitePool {
    let options = SqliteConnectOptions::from_str(url)
        .unwrap()
        .foreign_keys(true);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_contact_cards_e_mail_column_is_filled_for_existing_deliveries() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("old.db").display());
    let pool = database_at(&url, 11).await;
    sqlx::query(
        "UPDATE deliveries SET plan = '{\"target\":{\"mode\":\"contact_id\",\"contact_id\":\"c\",\"fallback_email\":\"Jan@Example.com\"}}' \
         WHERE id = 'd'",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    SqliteStore::connect(&url).await.unwrap();

    let pool = database_at_current(&url).await;
    let email: Option<String> =
        sqlx::query_scalar("SELECT contact_email FROM deliveries WHERE id = 'd'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        email.as_deref(),
        Some("jan@example.com"),
        "from the plan, lowercased"
    );
}
