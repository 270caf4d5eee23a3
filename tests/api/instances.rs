//! Several instances on one PostgreSQL database: each test opens more
//! stores on the database of a running app, as more ankieter processes
//! would. They need PostgreSQL (see `postgres_db`).

use crate::helpers::*;
use ankieter::db::{ClaimLimits, DeliveryOutcome, DeliveryStatus, Store};
use std::collections::HashSet;
use std::sync::Arc;

fn limits(total: usize) -> ClaimLimits {
    ClaimLimits {
        total,
        per_account: total,
        ..ClaimLimits::default()
    }
}

/// Stores `count` responses (and their deliveries) through the form.
async fn submitted(app: &TestApp, slug: &str, count: usize) {
    let emails: Vec<String> = (0..count).map(|i| format!("osoba{i}@example.pl")).collect();
    let posts = emails.iter().map(|email| app.submit_by_email(slug, email));
    for answer in futures_util::future::join_all(posts).await {
        assert_eq!(answer.status().as_u16(), 303);
    }
}

#[tokio::test]
async fn instances_claiming_at_once_never_take_one_delivery_twice() {
    let Some(app) = spawn_postgres_app("claims across instances").await else {
        return;
    };
    let slug = app.import(nps_survey()).await;
    submitted(&app, &slug, 240).await;
    let mut instances: Vec<Arc<dyn Store>> = vec![app.state.store.clone()];
    for _ in 0..2 {
        instances.push(app.another_instance().await);
    }

    // Three instances claim small batches as fast as they can until nothing is due.
    let now = ankieter::clock::now_ms();
    let claims = instances.iter().map(|store| {
        let store = store.clone();
        tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let claimed = store
                    .claim_due(now, now + 60_000, &limits(7))
                    .await
                    .unwrap();
                if claimed.deliveries.is_empty() {
                    return mine;
                }
                mine.extend(claimed.deliveries.into_iter().map(|d| d.id));
            }
        })
    });
    let per_instance: Vec<Vec<uuid::Uuid>> = futures_util::future::join_all(claims)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();

    let all: Vec<_> = per_instance.iter().flatten().copied().collect();
    let distinct: HashSet<_> = all.iter().copied().collect();
    println!(
        "claims per instance: {:?}",
        per_instance.iter().map(Vec::len).collect::<Vec<_>>()
    );
    assert_eq!(all.len(), 240, "every delivery claimed once");
    assert_eq!(distinct.len(), 240, "no delivery claimed by two instances");
    assert!(
        per_instance.iter().filter(|mine| !mine.is_empty()).count() >= 2,
        "the instances shared the work"
    );
}

#[tokio::test]
async fn a_dead_instances_claims_come_back_after_their_lease_and_its_late_results_are_ignored() {
    let Some(app) = spawn_postgres_app("leases across instances").await else {
        return;
    };
    let slug = app.import(nps_survey()).await;
    submitted(&app, &slug, 3).await;
    let dead = app.another_instance().await;
    let alive = app.another_instance().await;
    let now = ankieter::clock::now_ms();

    let held = dead.claim_due(now, now + 5_000, &limits(10)).await.unwrap();
    assert_eq!(held.deliveries.len(), 3);
    let meanwhile = alive
        .claim_due(now + 4_999, now + 60_000, &limits(10))
        .await
        .unwrap();
    assert!(meanwhile.deliveries.is_empty(), "a live lease is respected");

    let taken_over = alive
        .claim_due(now + 5_000, now + 60_000, &limits(10))
        .await
        .unwrap();
    assert_eq!(
        taken_over.deliveries.len(),
        3,
        "an ended lease gives them back"
    );
    // The dead instance wakes up and reports: its claims are no longer its.
    let late: Vec<_> = held
        .deliveries
        .into_iter()
        .map(|d| {
            let failed = DeliveryOutcome::Failed {
                request_kind: Some("upsert".into()),
                error: "late".into(),
                written_contact: None,
            };
            (d, failed)
        })
        .collect();
    dead.finish_deliveries(&late, now + 6_000).await.unwrap();
    let delivered: Vec<_> = taken_over
        .deliveries
        .into_iter()
        .map(|d| {
            let done = DeliveryOutcome::Delivered {
                request_kind: "upsert".into(),
                contact_id: Some("c".into()),
            };
            (d, done)
        })
        .collect();
    alive
        .finish_deliveries(&delivered, now + 6_000)
        .await
        .unwrap();
    assert!(app.all_deliveries_are(DeliveryStatus::Delivered).await);
}

#[tokio::test]
async fn a_pause_on_one_instance_stops_the_account_on_every_instance() {
    let Some(app) = spawn_postgres_app("pause across instances").await else {
        return;
    };
    let slug = app.import(nps_survey()).await;
    submitted(&app, &slug, 2).await;
    let other = app.another_instance().await;
    let now = ankieter::clock::now_ms();

    app.store()
        .pause_account(app.account_id, "Not authenticated", now)
        .await
        .unwrap();
    let claimed = other
        .claim_due(now, now + 60_000, &limits(10))
        .await
        .unwrap();
    assert!(claimed.deliveries.is_empty());
    // A response that arrives at any instance meanwhile waits paused too.
    submitted(&app, &slug, 1).await;
    assert!(app.all_deliveries_are(DeliveryStatus::Paused).await);

    assert_eq!(other.resume_account(app.account_id, now).await.unwrap(), 3);
    let claimed = app
        .store()
        .claim_due(now, now + 60_000, &limits(10))
        .await
        .unwrap();
    assert_eq!(claimed.deliveries.len(), 3);
}

#[tokio::test]
async fn instances_starting_together_migrate_once_and_a_stale_one_refuses_a_newer_schema() {
    let Some(url) = crate::postgres_db::fresh_database("migrations across instances").await else {
        return;
    };
    let starts = (0..4).map(|_| ankieter::db::connect(&url));
    for started in futures_util::future::join_all(starts).await {
        started.expect("every instance starts");
    }
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        applied as usize,
        ankieter::db::schema::POSTGRES.iter().count()
    );

    let newer = ankieter::db::schema::schema_version() + 1;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES ($1, 'from the future', TRUE, '\\x00', 0)",
    )
    .bind(newer)
    .execute(&mut conn)
    .await
    .unwrap();
    let refused = match ankieter::db::connect(&url).await {
        Ok(_) => panic!("a stale binary started on a newer schema"),
        Err(error) => format!("{error:#}"),
    };
    assert!(
        refused.contains(&format!("schema version {newer}")) && refused.contains("newer ankieter"),
        "{refused}"
    );
}

#[tokio::test]
async fn sslmode_require_connects_over_tls_and_never_falls_back_to_plain_text() {
    let Some(url) = crate::postgres_db::fresh_database("PostgreSQL over TLS").await else {
        return;
    };
    let store = ankieter::db::connect(&format!("{url}&sslmode=require"))
        .await
        .expect("sslmode=require connects (the local PostgreSQL has ssl = on, as Debian sets it)");
    store.probe_write(1).await.unwrap();
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let encrypted: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
         WHERE s.ssl AND a.application_name = 'ankieter'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert!(encrypted >= 1, "no ankieter connection uses TLS");
    store.close().await.unwrap();

    // A server that declines TLS (answers the SSLRequest with 'N'): with
    // sslmode=require ankieter refuses it instead of talking in plain text.
    let declining = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = declining.local_addr().unwrap();
    let asked = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut socket, _) = declining.accept().await.unwrap();
        let mut request = [0u8; 8];
        socket.read_exact(&mut request).await.unwrap();
        socket.write_all(b"N").await.unwrap();
        let mut rest = Vec::new();
        let _ = socket.read_to_end(&mut rest).await;
        rest
    });
    let refused = ankieter::db::connect(&format!(
        "postgres://postgres@{address}/test?sslmode=require"
    ))
    .await;
    assert!(refused.is_err(), "connected without TLS");
    let sent_in_plain_text = asked.await.unwrap();
    assert!(
        sent_in_plain_text.is_empty(),
        "after the refusal ankieter sent {} bytes in plain text",
        sent_in_plain_text.len()
    );
}
